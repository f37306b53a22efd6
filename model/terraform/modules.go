package terraform

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/hashicorp/hcl/v2"
	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/model"
)

// modulesManifest is the part of .terraform/modules/modules.json that
// `terraform init` writes and the evaluator reads.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// manifestPath is where terraform init records installed modules,
// relative to the root directory.
var manifestPath = filepath.Join(".terraform", "modules", "modules.json")

// resolveModule finds the directory of a module call's source: a local
// path relative to the calling module, or a module installed by
// terraform init. It reports a source it cannot find.
func (ev *evaluator) resolveModule(c *config, n *node) (string, bool) {
	call := n.call
	if call.source == "" {
		return "", false // reported when parsed
	}
	if isLocalSource(call.source) {
		dir := filepath.Join(c.m.dir, filepath.FromSlash(call.source))
		st, err := os.Stat(dir)
		problem := ""
		switch {
		case errors.Is(err, syscall.ELOOP):
			problem = fmt.Sprintf("the directory %q is a loop of symbolic links", dir)
		case errors.Is(err, fs.ErrNotExist):
			problem = fmt.Sprintf("the directory %q does not exist", dir)
		case err != nil:
			problem = fmt.Sprintf("the directory %q cannot be read: %v", dir, err)
		case !st.IsDir():
			problem = fmt.Sprintf("%q is not a directory", dir)
		default:
			return dir, true
		}
		ev.diags.add(model.SeverityError, codeModuleNotFound, call.sourceRng, fmt.Sprintf(
			"Module directory not found: module %q has source %q, but %s", n.name, call.source, problem))
		return "", false
	}
	key := strings.Join(append(append([]string{}, c.path...), n.name), ".")
	if dir, ok := ev.installedModules()[key]; ok {
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			ev.checkInstalledDir(n, dir)
			return dir, true
		}
	}
	ev.diags.add(model.SeverityError, codeModuleNotInstall, call.sourceRng, fmt.Sprintf(
		"Module not installed: module %q (source %q) is not installed under %s; run \"terraform init\" in %s first, vpctrace never downloads modules",
		n.name, call.source, filepath.Join(ev.rootDir, ".terraform", "modules"), ev.rootDir))
	return "", false
}

// isLocalSource reports whether a module source is a local path.
func isLocalSource(source string) bool {
	return strings.HasPrefix(source, "./") || strings.HasPrefix(source, "../") ||
		strings.HasPrefix(source, ".\\") || strings.HasPrefix(source, "..\\")
}

// installedModules reads the modules.json manifest once: keys to
// directories joined to the root directory.
func (ev *evaluator) installedModules() map[string]string {
	if ev.installed != nil {
		return ev.installed
	}
	ev.installed = map[string]string{}
	path := filepath.Join(ev.rootDir, manifestPath)
	data, err := readfile.Regular(path, readfile.Limit)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return ev.installed
	case err != nil:
		ev.diags.addPos(model.SeverityError, codeModuleNotInstall, model.Pos{File: path},
			fmt.Sprintf("Cannot read the module manifest: %v", err))
		return ev.installed
	}
	var manifest modulesManifest
	if err := json.Unmarshal(data, &manifest); err != nil {
		ev.diags.addPos(model.SeverityError, codeModuleNotInstall, jsonErrorPos(path, data, err),
			fmt.Sprintf("Invalid module manifest: %v; run \"terraform init\" again", err))
		return ev.installed
	}
	for _, m := range manifest.Modules {
		if m.Key == "" || m.Dir == "" {
			continue
		}
		dir := filepath.FromSlash(m.Dir)
		if !filepath.IsAbs(dir) {
			dir = filepath.Join(ev.rootDir, dir)
		}
		ev.installed[m.Key] = dir
	}
	return ev.installed
}

// jsonErrorPos is the position of a JSON decoding error in data, read
// from path: the byte it was found at, when the error tells.
func jsonErrorPos(path string, data []byte, err error) model.Pos {
	offset := int64(-1)
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset - 1 // the error came after reading Offset bytes
	case errors.As(err, &typ):
		offset = typ.Offset - 1
	}
	if offset < 0 {
		return model.Pos{File: path}
	}
	return posOf(hcl.Range{Filename: path, Start: posAt(data, int(min(offset, int64(len(data)))), hcl.InitialPos)})
}

// checkInstalledDir warns when modules.json gives a module a directory
// outside the root: terraform init installs modules under
// .terraform/modules, so the manifest was edited or made elsewhere.
// Terraform itself loads the directory.
func (ev *evaluator) checkInstalledDir(n *node, dir string) {
	root, err1 := filepath.Abs(ev.rootDir)
	abs, err2 := filepath.Abs(dir)
	if err1 != nil || err2 != nil || within(root, abs) {
		return
	}
	ev.diags.add(model.SeverityWarning, codeModuleOutside, n.call.sourceRng, fmt.Sprintf(
		"Module outside the root: %s gives module %q (source %q) the directory %s, outside %s, where terraform init never installs a module; the manifest was edited or written for another root. Terraform loads it, and so does vpctrace",
		filepath.Join(ev.rootDir, manifestPath), n.name, n.call.source, abs, root))
}

// checkEmpty warns about a module call whose directory declares nothing,
// such as a local source that names the wrong directory (../../etc).
// Terraform accepts it: the module manages nothing.
func (ev *evaluator) checkEmpty(n *node, dir string, m *module) {
	if len(m.nodes) > 0 || m.unread {
		return
	}
	what := "holds no .tf or .tf.json files"
	if len(m.files) > 0 {
		what = fmt.Sprintf("holds files (%s) that declare nothing", strings.Join(baseNames(m.files), ", "))
	}
	ev.diags.add(model.SeverityWarning, codeEmptyModule, n.call.sourceRng, fmt.Sprintf(
		"Empty module: module %q has source %q, the directory %s, which %s. Terraform accepts such a module, which manages nothing; check the source",
		n.name, n.call.source, absolute(dir), what))
}

// absolute returns path made absolute, for messages about directories
// that relative paths would hide (../../etc).
func absolute(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}
