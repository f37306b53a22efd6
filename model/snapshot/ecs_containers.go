package snapshot

import (
	"fmt"
	"maps"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vpctrace/vpctrace/model"
)

// containersOf reads a task definition's containerDefinitions: the
// settings that decide the calls a task makes (aws-rules 1.1.1, 11.4.5),
// as model/tfmap reads Terraform's container_definitions, which has the
// same shape. A snapshot holds no value known only after apply, so no
// container has Unknowns.
func containersOf(td at[ecstypes.TaskDefinition]) []model.Container {
	var out []model.Container
	for i, c := range td.v.ContainerDefinitions {
		out = append(out, containerOf(at[ecstypes.ContainerDefinition]{v: c, doc: td.doc,
			pos: td.field(fmt.Sprintf("containerDefinitions/%d", i)), ptr: fmt.Sprintf("%s/containerDefinitions/%d", td.ptr, i)}))
	}
	return out
}

// containerOf reads one container definition.
func containerOf(c at[ecstypes.ContainerDefinition]) model.Container {
	v := c.v
	out := model.Container{Source: c.pos, Name: str(v.Name), Image: str(v.Image), Secrets: secretsOf(c, "secrets", v.Secrets)}
	if lc := v.LogConfiguration; lc != nil {
		out.LogDriver = string(lc.LogDriver)
		out.LogOptions = optionsCopy(lc.Options)
		out.LogSecretOptions = secretsOf(c, "logConfiguration/secretOptions", lc.SecretOptions)
	}
	if rc := v.RepositoryCredentials; rc != nil {
		out.RepositoryCredentials = str(rc.CredentialsParameter)
	}
	for _, f := range v.EnvironmentFiles {
		// "s3" is the only type ECS accepts (aws-rules 1.5.1).
		if f.Type == "" || f.Type == ecstypes.EnvironmentFileTypeS3 {
			out.EnvironmentFiles = append(out.EnvironmentFiles, str(f.Value))
		}
	}
	if fc := v.FirelensConfiguration; fc != nil {
		out.Firelens = &model.FirelensConfiguration{Type: string(fc.Type), Options: optionsCopy(fc.Options)}
	}
	return out
}

// optionsCopy copies an options map; nil when it has no entry.
func optionsCopy(m map[string]string) map[string]string {
	if len(m) == 0 {
		return nil
	}
	return maps.Clone(m)
}

// secretsOf reads a secrets or logConfiguration.secretOptions list, each
// secret at its position (list is its path in the container).
func secretsOf(c at[ecstypes.ContainerDefinition], list string, secrets []ecstypes.Secret) []model.Secret {
	var out []model.Secret
	for i, s := range secrets {
		out = append(out, model.Secret{Source: c.field(fmt.Sprintf("%s/%d", list, i)), Name: str(s.Name), ValueFrom: str(s.ValueFrom)})
	}
	return out
}

// volumesOf reads a task definition's volumes; an EFS volume keeps its
// file system ID and transit encryption (DISABLED unless ENABLED).
func volumesOf(td at[ecstypes.TaskDefinition]) []model.Volume {
	var out []model.Volume
	for i, vol := range td.v.Volumes {
		mv := model.Volume{Source: td.field(fmt.Sprintf("volumes/%d", i)), Name: str(vol.Name)}
		if e := vol.EfsVolumeConfiguration; e != nil {
			mv.EFS = &model.EFSVolume{FileSystemID: str(e.FileSystemId), TransitEncryption: e.TransitEncryption == ecstypes.EFSTransitEncryptionEnabled}
		}
		out = append(out, mv)
	}
	return out
}
