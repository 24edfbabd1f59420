package registry

// Internal functions the external tests (package registry_test) exercise.
var CommonRegion = commonRegion
