package tfmap

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// The parts of an ECS container definition that decide the calls a task
// makes (aws-rules 1.1.1). Every value is kept raw, so that a leaf known only
// after apply (a JSON string holding UnknownMark) can stand where a list or
// an object is expected.
type (
	containerJSON struct {
		Name                  json.RawMessage `json:"name"`
		Image                 json.RawMessage `json:"image"`
		LogConfiguration      json.RawMessage `json:"logConfiguration"`
		Secrets               json.RawMessage `json:"secrets"`
		RepositoryCredentials json.RawMessage `json:"repositoryCredentials"`
		EnvironmentFiles      json.RawMessage `json:"environmentFiles"`
		FirelensConfiguration json.RawMessage `json:"firelensConfiguration"`
	}
	firelensJSON struct {
		Type    json.RawMessage `json:"type"`
		Options json.RawMessage `json:"options"`
	}
	logJSON struct {
		LogDriver     json.RawMessage `json:"logDriver"`
		Options       json.RawMessage `json:"options"`
		SecretOptions json.RawMessage `json:"secretOptions"`
	}
	secretJSON struct {
		Name      json.RawMessage `json:"name"`
		ValueFrom json.RawMessage `json:"valueFrom"`
	}
	credentialsJSON struct {
		CredentialsParameter json.RawMessage `json:"credentialsParameter"`
	}
	envFileJSON struct {
		Value json.RawMessage `json:"value"`
		Type  json.RawMessage `json:"type"`
	}
)

// The awslogs options that decide the logs call (aws-rules 1.3.1, 6.2).
var logOptionFields = map[string]model.ContainerField{
	"awslogs-region":       model.FieldLogRegion,
	"awslogs-group":        model.FieldLogGroup,
	"awslogs-create-group": model.FieldLogCreateGroup,
	"mode":                 model.FieldLogMode, // aws-rules 1.3.5
}

// The FireLens options that decide the firelens-config call (aws-rules 1.3.9).
var firelensOptionFields = map[string]model.ContainerField{
	"config-file-type":  model.FieldFirelensConfigType,
	"config-file-value": model.FieldFirelensConfigValue,
}

// parseContainerDefinitions parses an aws_ecs_task_definition's
// container_definitions: a JSON array of container definitions. A leaf
// known only after apply is a JSON string holding UnknownMark, after the
// part Terraform knows; each one that decides calls is recorded in its
// container's Unknowns with reason why, and the setting keeps the known
// part. whole is set when the array itself is known only after apply.
// Every container, secret and unknown gets position pos (the attribute).
func parseContainerDefinitions(data, why string, pos model.Pos) (cs []model.Container, whole bool, err error) {
	var top json.RawMessage
	if err := json.Unmarshal([]byte(data), &top); err != nil {
		if strings.Contains(data, UnknownMark) {
			return nil, true, nil // not JSON until the unknown part is known
		}
		return nil, false, describeJSONError(err)
	}
	if _, unknown := marked(top); unknown {
		return nil, true, nil
	}
	p := &cdParser{why: why, pos: pos}
	var list []json.RawMessage
	if err := p.decode(top, &list, "the top level", "an array of container definitions"); err != nil {
		return nil, false, err
	}
	if list == nil {
		return nil, false, errors.New("it is not a JSON array of container definitions")
	}
	out := make([]model.Container, 0, len(list))
	for i, raw := range list {
		c, err := p.container(raw, fmt.Sprintf("[%d]", i))
		if err != nil {
			return nil, false, err
		}
		out = append(out, c)
	}
	return out, false, nil
}

// cdParser reads one container_definitions value.
type cdParser struct {
	why string
	pos model.Pos
	c   *model.Container // the container being read
}

// unknown records that field (entry index) of the container is unknown.
func (p *cdParser) unknown(field model.ContainerField, index int) {
	p.c.Unknowns = append(p.c.Unknowns, model.ContainerUnknown{Field: field, Index: index, Why: p.why, Source: p.pos})
}

func (p *cdParser) container(raw json.RawMessage, at string) (model.Container, error) {
	c := model.Container{Source: p.pos}
	p.c = &c
	if _, unknown := marked(raw); unknown {
		p.unknown(model.FieldContainer, 0)
		return c, nil
	}
	var d containerJSON
	if err := p.decode(raw, &d, at, "a container definition object"); err != nil {
		return c, err
	}
	var err error
	if c.Name, _, err = p.str(d.Name, at+".name"); err != nil {
		return c, err
	}
	var unknown bool
	if c.Image, unknown, err = p.str(d.Image, at+".image"); err != nil {
		return c, err
	} else if unknown {
		p.unknown(model.FieldImage, 0)
	}
	if err := p.logConfiguration(d.LogConfiguration, at+".logConfiguration"); err != nil {
		return c, err
	}
	if c.Secrets, err = p.secrets(d.Secrets, at+".secrets", model.FieldSecrets, model.FieldSecret); err != nil {
		return c, err
	}
	if err := p.credentials(d.RepositoryCredentials, at+".repositoryCredentials"); err != nil {
		return c, err
	}
	if err := p.firelens(d.FirelensConfiguration, at+".firelensConfiguration"); err != nil {
		return c, err
	}
	return c, p.environmentFiles(d.EnvironmentFiles, at+".environmentFiles")
}

// firelens reads a firelensConfiguration (aws-rules 1.3.8, 1.3.9): its
// type and options; the configuration file options are settings that
// decide calls.
func (p *cdParser) firelens(raw json.RawMessage, at string) error {
	if _, unknown := marked(raw); unknown {
		p.c.Firelens = &model.FirelensConfiguration{}
		p.unknown(model.FieldFirelens, 0)
		return nil
	}
	var fc *firelensJSON
	if err := p.decode(raw, &fc, at, "an object"); err != nil || fc == nil {
		return err
	}
	f := &model.FirelensConfiguration{}
	p.c.Firelens = f
	var err error
	if f.Type, _, err = p.str(fc.Type, at+".type"); err != nil {
		return err
	}
	if _, unknown := marked(fc.Options); unknown {
		p.unknown(model.FieldFirelens, 0)
		return nil
	}
	var opts map[string]json.RawMessage
	if err := p.decode(fc.Options, &opts, at+".options", "an object of strings"); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(opts)) {
		v, unknown, err := p.str(opts[k], at+".options."+k)
		if err != nil {
			return err
		}
		if f.Options == nil {
			f.Options = map[string]string{}
		}
		f.Options[k] = v
		if field, ok := firelensOptionFields[k]; ok && unknown {
			p.unknown(field, 0)
		}
	}
	return nil
}

func (p *cdParser) logConfiguration(raw json.RawMessage, at string) error {
	if _, unknown := marked(raw); unknown {
		p.unknown(model.FieldLogDriver, 0)
		return nil
	}
	var lc *logJSON
	if err := p.decode(raw, &lc, at, "an object"); err != nil || lc == nil {
		return err
	}
	c := p.c
	driver, unknown, err := p.str(lc.LogDriver, at+".logDriver")
	if err != nil {
		return err
	}
	if c.LogDriver = driver; unknown {
		p.unknown(model.FieldLogDriver, 0)
	}
	if _, unknown := marked(lc.Options); unknown {
		p.unknown(model.FieldLogOptions, 0)
	} else {
		var opts map[string]json.RawMessage
		if err := p.decode(lc.Options, &opts, at+".options", "an object of strings"); err != nil {
			return err
		}
		for _, k := range slices.Sorted(maps.Keys(opts)) {
			v, unknown, err := p.str(opts[k], at+".options."+k)
			if err != nil {
				return err
			}
			if c.LogOptions == nil {
				c.LogOptions = map[string]string{}
			}
			c.LogOptions[k] = v
			if f, ok := logOptionFields[k]; ok && unknown {
				p.unknown(f, 0)
			}
		}
	}
	c.LogSecretOptions, err = p.secrets(lc.SecretOptions, at+".secretOptions", model.FieldLogSecretOptions, model.FieldLogSecretOption)
	return err
}

// secrets reads a secrets or secretOptions list; list and entry name the
// fields of the whole list and of an entry's valueFrom.
func (p *cdParser) secrets(raw json.RawMessage, at string, list, entry model.ContainerField) ([]model.Secret, error) {
	if _, unknown := marked(raw); unknown {
		p.unknown(list, 0)
		return nil, nil
	}
	var items []json.RawMessage
	if err := p.decode(raw, &items, at, "an array of secrets"); err != nil {
		return nil, err
	}
	var out []model.Secret
	for i, item := range items {
		s := model.Secret{Source: p.pos}
		if _, unknown := marked(item); unknown {
			p.unknown(entry, i)
			out = append(out, s)
			continue
		}
		var d secretJSON
		where := fmt.Sprintf("%s[%d]", at, i)
		if err := p.decode(item, &d, where, "a secret object"); err != nil {
			return nil, err
		}
		var unknown bool
		var err error
		if s.Name, _, err = p.str(d.Name, where+".name"); err != nil {
			return nil, err
		}
		if s.ValueFrom, unknown, err = p.str(d.ValueFrom, where+".valueFrom"); err != nil {
			return nil, err
		} else if unknown {
			p.unknown(entry, i)
		}
		out = append(out, s)
	}
	return out, nil
}

func (p *cdParser) credentials(raw json.RawMessage, at string) error {
	if _, unknown := marked(raw); unknown {
		p.unknown(model.FieldRepositoryCredentials, 0)
		return nil
	}
	var rc *credentialsJSON
	if err := p.decode(raw, &rc, at, "an object"); err != nil || rc == nil {
		return err
	}
	v, unknown, err := p.str(rc.CredentialsParameter, at+".credentialsParameter")
	if p.c.RepositoryCredentials = v; unknown {
		p.unknown(model.FieldRepositoryCredentials, 0)
	}
	return err
}

func (p *cdParser) environmentFiles(raw json.RawMessage, at string) error {
	if _, unknown := marked(raw); unknown {
		p.unknown(model.FieldEnvironmentFiles, 0)
		return nil
	}
	var items []json.RawMessage
	if err := p.decode(raw, &items, at, "an array of environment files"); err != nil {
		return err
	}
	for i, item := range items {
		where := fmt.Sprintf("%s[%d]", at, i)
		index := len(p.c.EnvironmentFiles)
		if _, unknown := marked(item); unknown {
			p.unknown(model.FieldEnvironmentFile, index)
			p.c.EnvironmentFiles = append(p.c.EnvironmentFiles, "")
			continue
		}
		var d envFileJSON
		if err := p.decode(item, &d, where, "an environment file object"); err != nil {
			return err
		}
		typ, typeUnknown, err := p.str(d.Type, where+".type")
		if err != nil {
			return err
		}
		// "s3" is the only type ECS accepts (aws-rules 1.5.1): an unknown
		// type is taken to be s3.
		if typ != "" && typ != "s3" && !typeUnknown {
			continue
		}
		v, unknown, err := p.str(d.Value, where+".value")
		if err != nil {
			return err
		}
		if p.c.EnvironmentFiles = append(p.c.EnvironmentFiles, v); unknown {
			p.unknown(model.FieldEnvironmentFile, index)
		}
	}
	return nil
}

// decode decodes raw into v; null leaves v as it is. what names the value
// in the error and want says what was expected.
func (p *cdParser) decode(raw json.RawMessage, v any, what, want string) error {
	if len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return fmt.Errorf("%s is a JSON %s, expected %s", what, jsonKind(raw), want)
		}
		return describeJSONError(err)
	}
	return nil
}

// str reads a string leaf: null is "", and a string holding UnknownMark
// gives the part before it with unknown set.
func (p *cdParser) str(raw json.RawMessage, what string) (s string, unknown bool, err error) {
	if prefix, ok := marked(raw); ok {
		return prefix, true, nil
	}
	var v *string
	if err := p.decode(raw, &v, what, "a string"); err != nil || v == nil {
		return "", false, err
	}
	return *v, false, nil
}

// marked reports whether raw is a JSON string holding UnknownMark, and
// returns the part before the mark.
func marked(raw json.RawMessage) (prefix string, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '"' {
		return "", false
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	prefix, _, ok = strings.Cut(s, UnknownMark)
	return prefix, ok
}

// jsonKind names the JSON type of raw for messages.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "value"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// describeJSONError words a decoding error for a diagnostic.
func describeJSONError(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Errorf("invalid JSON at byte %d: %v", syn.Offset, err)
	}
	return err
}
