package tfmap

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/vpctrace/vpctrace/model"
)

// containerJSON is the part of an ECS container definition that decides
// the calls a task makes (DOMAIN 1.1.1).
type containerJSON struct {
	Name             string `json:"name"`
	Image            string `json:"image"`
	LogConfiguration *struct {
		LogDriver     string            `json:"logDriver"`
		Options       map[string]string `json:"options"`
		SecretOptions []secretJSON      `json:"secretOptions"`
	} `json:"logConfiguration"`
	Secrets               []secretJSON `json:"secrets"`
	RepositoryCredentials *struct {
		CredentialsParameter string `json:"credentialsParameter"`
	} `json:"repositoryCredentials"`
	EnvironmentFiles []struct {
		Value string `json:"value"`
		Type  string `json:"type"`
	} `json:"environmentFiles"`
}

type secretJSON struct {
	Name      string `json:"name"`
	ValueFrom string `json:"valueFrom"`
}

// parseContainerDefinitions parses an aws_ecs_task_definition's
// container_definitions: a JSON array of container definitions. Every
// container, secret and option gets position pos (the attribute).
func parseContainerDefinitions(data string, pos model.Pos) ([]model.Container, error) {
	var defs []containerJSON
	if err := json.Unmarshal([]byte(data), &defs); err != nil {
		return nil, describeJSONError(err)
	}
	if defs == nil {
		return nil, errors.New("it is not a JSON array of container definitions")
	}
	out := make([]model.Container, 0, len(defs))
	for _, d := range defs {
		c := model.Container{Source: pos, Name: d.Name, Image: d.Image, Secrets: secrets(d.Secrets, pos)}
		if lc := d.LogConfiguration; lc != nil {
			c.LogDriver, c.LogOptions, c.LogSecretOptions = lc.LogDriver, lc.Options, secrets(lc.SecretOptions, pos)
		}
		if rc := d.RepositoryCredentials; rc != nil {
			c.RepositoryCredentials = rc.CredentialsParameter
		}
		for _, f := range d.EnvironmentFiles {
			// "s3" is the only type ECS accepts (DOMAIN 1.5.1).
			if f.Type == "" || f.Type == "s3" {
				c.EnvironmentFiles = append(c.EnvironmentFiles, f.Value)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

func secrets(list []secretJSON, pos model.Pos) []model.Secret {
	var out []model.Secret
	for _, s := range list {
		out = append(out, model.Secret{Source: pos, Name: s.Name, ValueFrom: s.ValueFrom})
	}
	return out
}

// describeJSONError words a decoding error for a diagnostic.
func describeJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("invalid JSON at byte %d: %v", syn.Offset, err)
	case errors.As(err, &typ):
		where := typ.Field
		if where == "" {
			where = "the top level"
		}
		return fmt.Errorf("%s is a JSON %s, expected %s", where, typ.Value, typ.Type)
	}
	return err
}
