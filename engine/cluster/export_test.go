package cluster

// FindHostTools is NodeHostTools with the places to look in given.
var FindHostTools = findHostTools
