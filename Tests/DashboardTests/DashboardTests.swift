// Tests of the Dashboard module.
