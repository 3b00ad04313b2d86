// Tests of the Crawler module.
