package tfmap

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpctrace/vpctrace/model"
)

// A plan marks the whole container_definitions of a task definition
// "known after apply" as soon as one of its leaves is (a repository URL or
// a secret ARN the same plan creates). Read without its Terraform root, the
// plan then shows only what the attribute's expression references
// (Resource.Refs). shownContainers turns those references into containers
// of the same shape the HCL path gives a container definition with
// unknown leaves (model.Container.Unknowns), so that the calls they stand
// for are listed, and unknown where the plan does not tell them:
//
//   - an ECR repository (aws_ecr_repository) is an image from it whose tag
//     is unknown: its registry and repository decide the image calls
//     (aws-rules 1.2.2), so they are traced;
//   - a log group (aws_cloudwatch_log_group) is an awslogs configuration
//     with that group whose awslogs-region is unknown: a logs call the
//     model cannot trace (aws-rules 1.3.1);
//   - a secret (aws_secretsmanager_secret, _version) or parameter
//     (aws_ssm_parameter) is a secrets entry whose valueFrom is an ARN of
//     that service, the rest unknown: a secret or parameter call the model
//     cannot trace (aws-rules 1.4.1);
//   - a bucket or object (aws_s3_bucket, aws_s3_object) is unknown
//     environmentFiles: an env-file call the model cannot trace (1.5.1);
//     and, since it may as well be the file of a FireLens configuration
//     (config-file-type s3), an unknown firelensConfiguration: a
//     firelens-config call the model cannot trace (aws-rules 1.3.9).
//
// References that may name some of a resource's instances (`R[?]`) stand
// for unknown secrets or environment files of the container, and for no
// image. Without an ECR repository the image is unknown. What the plan
// does not show (other containers, literal values, values from local
// values) is never taken as absent: when nothing above is unknown, one
// more container, itself unknown, stands for it, so that the workload is
// never said to start on the plan alone.

// containerDefinitionsAttr is the attribute shownContainers reads.
const containerDefinitionsAttr = "container_definitions"

// shownKinds are the resource types whose references shownContainers
// reads, by the part of a container definition they stand for.
var shownKinds = map[string]string{
	"aws_ecr_repository":                "image",
	"aws_cloudwatch_log_group":          "logs",
	"aws_secretsmanager_secret":         "secret",
	"aws_secretsmanager_secret_version": "secret",
	"aws_ssm_parameter":                 "parameter",
	"aws_s3_bucket":                     "env-file",
	"aws_s3_object":                     "env-file",
}

// shownRef is a referenced resource that shownContainers reads.
type shownRef struct {
	r    *Resource
	some bool // named only by a reference to some of its resource's instances
}

// shownContainers returns the containers that the references of a
// container_definitions known only after apply show, for a plan read
// without its root (Options.PlanFile); nil for other inputs.
func (b *builder) shownContainers(as site) []model.Container {
	if b.opts.PlanFile == "" {
		return nil
	}
	rs, some := b.ix.refSet(as.refs())
	byKind := map[string][]shownRef{}
	for _, r := range rs {
		if k, ok := shownKinds[r.Type]; ok {
			byKind[k] = append(byKind[k], shownRef{r, some[r]})
		}
	}
	p := shownParser{b: b, pos: as.pos, r: as.r}
	var images []string
	for _, s := range byKind["image"] {
		if img := b.repositoryImage(s.r); img != "" && !s.some && !slices.Contains(images, img) {
			images = append(images, img)
		}
	}
	var cs []model.Container
	for _, img := range images {
		c := model.Container{Source: as.pos, Image: img}
		p.unknown(&c, model.FieldImage, 0, p.tagWhy(byKind["image"]))
		cs = append(cs, c)
	}
	if len(images) == 0 {
		// The image is not known: its unknown call also stands for what
		// the plan does not show.
		c := model.Container{Source: as.pos}
		p.unknown(&c, model.FieldImage, 0, p.imageWhy(byKind["image"]))
		cs = append(cs, c)
	}
	first := &cs[0]
	if logs := byKind["logs"]; len(logs) > 0 {
		first.LogDriver = "awslogs"
		if name := strOr(attr(logs[0].r.Values, "name"), ""); name != "" && len(logs) == 1 && !logs[0].some {
			first.LogOptions = map[string]string{"awslogs-group": name}
		}
		p.unknown(first, model.FieldLogRegion, 0, p.why("log group", logs, "how"))
	}
	var maybe []shownRef
	for _, kind := range []string{"secret", "parameter"} {
		prefix := map[string]string{"secret": "arn:aws:secretsmanager:", "parameter": "arn:aws:ssm:"}[kind]
		for _, s := range byKind[kind] {
			if s.some {
				maybe = append(maybe, s)
				continue
			}
			p.unknown(first, model.FieldSecret, len(first.Secrets), p.why(kind, []shownRef{s}, "where"))
			first.Secrets = append(first.Secrets, model.Secret{Source: as.pos, ValueFrom: prefix})
		}
	}
	if len(maybe) > 0 {
		p.unknown(first, model.FieldSecrets, 0, fmt.Sprintf(
			"container_definitions is known only after apply, and the plan shows only that it references some of %s, not which%s",
			p.names(maybe), p.b.planHint()))
	}
	if files := byKind["env-file"]; len(files) > 0 {
		p.unknown(first, model.FieldEnvironmentFiles, 0, p.why("bucket", files, "how"))
		first.Firelens = &model.FirelensConfiguration{}
		p.unknown(first, model.FieldFirelens, 0, p.why("bucket", files, "how"))
	}
	if len(images) > 0 {
		c := model.Container{Source: as.pos}
		p.unknown(&c, model.FieldContainer, 0, "container_definitions is known only after apply"+p.rest())
		cs = append(cs, c)
	}
	return cs
}

// shownParser words the unknowns of the containers shownContainers makes.
type shownParser struct {
	b   *builder
	pos model.Pos
	r   *Resource // the task definition
}

func (p shownParser) unknown(c *model.Container, field model.ContainerField, index int, why string) {
	c.Unknowns = append(c.Unknowns, model.ContainerUnknown{Field: field, Index: index, Why: why, Source: p.pos})
}

// why says that container_definitions references refs (of noun) and that
// the plan does not show what, with the advice to trace the plan with its
// root.
func (p shownParser) why(noun string, refs []shownRef, what string) string {
	return fmt.Sprintf("container_definitions is known only after apply, and the plan shows only that it references %s %s, not %s%s",
		noun, p.names(refs), what, p.b.planHint())
}

// tagWhy explains an image from an ECR repository whose tag the plan does
// not show.
func (p shownParser) tagWhy(repos []shownRef) string {
	return fmt.Sprintf("container_definitions is known only after apply; its image comes from ECR repository %s, with a tag the plan does not show%s",
		p.names(repos), p.b.planHint())
}

// imageWhy explains an image the plan does not show, which stands for
// everything else the plan does not show too.
func (p shownParser) imageWhy(repos []shownRef) string {
	what := "no image"
	if len(repos) > 0 {
		what = "only that it references ECR repository " + p.names(repos) + ", not which image"
	}
	return fmt.Sprintf("container_definitions is known only after apply, and the plan shows %s%s", what, p.rest())
}

// rest says that what the plan does not show of container_definitions
// (other containers, settings that reference nothing, local values) may
// make calls too, and how to see them.
func (p shownParser) rest() string {
	var locals []string
	for _, ref := range p.r.Refs[containerDefinitionsAttr] {
		if isLocalRef(ref) {
			locals = append(locals, ref)
		}
	}
	from := ""
	if len(locals) > 0 {
		from = " (it reads local value " + strings.Join(locals, ", ") + ", whose expression the plan does not show)"
	}
	return "; other containers and settings may make calls the plan does not show" + from + p.b.planHint()
}

// names lists referenced resources with what the plan knows of their
// names: `aws_cloudwatch_log_group.app ("/ecs/app")`.
func (p shownParser) names(refs []shownRef) string {
	var out []string
	for _, s := range refs {
		n := s.r.Address
		if name := shownName(s.r); name != "" {
			n += fmt.Sprintf(" (%q)", name)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return strings.Join(out, ", ")
}

// shownName is the name, bucket or key the plan knows of a resource.
func shownName(r *Resource) string {
	for _, a := range []string{"name", "bucket", "key"} {
		if v, st := str(attr(r.Values, a)); st == known && v != "" {
			return v
		}
	}
	return ""
}

// repositoryImage is the start of an image from ECR repository r, up to
// its tag ("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:"): its
// repository_url when the plan knows it, else the registry of the
// repository's account and region (the provider's, for one the plan
// creates) with its name; "" when the name is not known.
func (b *builder) repositoryImage(r *Resource) string {
	if url, st := str(attr(r.Values, "repository_url")); st == known && url != "" {
		return url + ":"
	}
	name, st := str(attr(r.Values, "name"))
	if st != known || name == "" {
		return ""
	}
	account, region := b.opts.Account, strOr(attr(r.Values, "region"), b.opts.Region)
	if id, st := str(attr(r.Values, "registry_id")); st == known && id != "" {
		account = id
	}
	if arn, st := str(attr(r.Values, "arn")); st == known {
		if parts := strings.Split(arn, ":"); len(parts) > 4 && parts[3] != "" && parts[4] != "" {
			region, account = parts[3], parts[4]
		}
	}
	if account == "" || region == "" {
		return ""
	}
	return account + ".dkr.ecr." + region + ".amazonaws.com/" + name + ":"
}
