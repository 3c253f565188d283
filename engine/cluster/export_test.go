package cluster

// FindHostTools is NodeHostTools with the places to look in given.
var FindHostTools = findHostTools

// ApplyCiliumPatches applies InstallCilium's patches to the Cilium source
// tree in dir.
func ApplyCiliumPatches(dir string) error {
	for _, p := range ciliumPatches {
		if err := p.apply(dir); err != nil {
			return err
		}
	}
	return nil
}

// CiliumPackages are the packages of Cilium's module InstallCilium builds.
func CiliumPackages() []string {
	var pkgs []string
	for _, c := range ciliumCommands {
		pkgs = append(pkgs, ciliumModule+"/"+c.pkg)
	}
	return pkgs
}
