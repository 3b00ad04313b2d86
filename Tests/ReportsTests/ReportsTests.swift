// Tests of the Reports module.
