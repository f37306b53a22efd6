// Package terraform evaluates a Terraform root module offline, the way
// Terraform's plan would, and hands the resource and data source instances
// it finds to package tfmap, which turns them into a model.World.
//
// # Evaluation
//
// Evaluate parses every *.tf and *.tf.json file of the root directory
// (override files are reported and ignored), assigns the root variables
// (default < terraform.tfvars < terraform.tfvars.json < *.auto.tfvars and
// *.auto.tfvars.json in lexical order < Options.VarFiles <
// Options.Vars), and evaluates variables, locals, resources, data sources,
// module calls, outputs and provider blocks in dependency order with
// hcl/v2, go-cty and go-cty-funcs. Type constraints (with optional
// attributes and their defaults), nullable, validation rules, count,
// for_each (maps, objects and sets of strings, each.key and each.value),
// dynamic blocks (nested ones too), splats, conditionals, for expressions
// and Terraform's built-in functions (FunctionNames) work as in Terraform.
// Environment variables (TF_VAR_*) are not read, so results depend only
// on the files and the options.
//
// Modules are followed when their source is a local path ("./x", "../x",
// relative to the calling module) or when `terraform init` installed them
// (.terraform/modules/modules.json, keyed "name" or "parent.child").
// Nothing is ever downloaded: a missing module is an error naming it and
// its source. Module calls may use count, for_each and providers; a child
// inherits the caller's default aws provider configuration and the
// aliases its providers argument passes. path.module is relative to the
// root directory ("." for the root), and file functions read relative
// paths from the root directory, as Terraform does when run there.
//
// Nothing is guessed silently. A value Terraform would know only after
// apply becomes a cty unknown with a warning at the reference that needs
// it; timestamp, plantimestamp, uuid and bcrypt return unknowns (with a
// warning); an unknown function, an unknown reference, a reference cycle,
// a missing module, a variable without a value and HCL syntax errors are
// errors at their file:line:column, and evaluation goes on with unknown
// values. A data source the provider emulation does not answer is
// reported (info) and its unset attributes are unknown.
//
// # Hostile input
//
// Input may come from people the user does not trust (a pull request in
// CI), so reading it is bounded where Terraform's is not. Configuration
// and variable files, modules.json and what file, filebase64, the file
// hash functions and templatefile read must be regular files (a FIFO, a
// device such as /dev/zero or a socket is an error; a FIFO is never
// opened in a way that blocks) of at most 64 MiB. Input nested more than
// 1,000 levels deep (brackets, interpolations, template directives,
// operators) is refused at the position where it crosses the limit,
// before HCL parses it, since HCL's parser recurses once per level and
// would exhaust the stack. fileset lists only files inside the root
// module's directory and the directories of the modules it calls, and
// looks at 100,000 files and directories at most. Modules nest 32 levels
// at most. Building each expression's context from what it references
// keeps evaluation linear in the number of declarations.
//
// # Results
//
// Evaluate returns every resource and data source instance, sorted by
// address (numeric instance keys in numeric order). Values holds the
// attributes the configuration sets (nested blocks as tuples of objects,
// dynamic blocks expanded), the attributes the provider computes (see
// Provider emulation below), and, as unknowns, attributes that other
// declarations read but nothing sets. An attribute that is absent is
// null. AttrPos holds the position of each top-level attribute and of
// each nested block ("ingress.0"). Refs holds, for each top-level
// attribute and nested block, the addresses of the resources and data
// sources its value comes from, following variables, locals, each.value
// and module inputs and outputs; an index computed from count.index,
// each or variables names the instance (`aws_subnet.x["a"]`), any other
// index the whole resource ("aws_subnet.x").
//
// The region is the default aws provider configuration's (or
// Options.Region); resources with provider = aws.ALIAS, and modules given
// an alias, use that configuration's region in the values they
// synthesize.
//
// # Provider emulation
//
// The evaluator knows no resource or data source type. It hands every
// instance to a provider emulation, the contract of package
// internal/providers: the emulation adds the attributes a plan knows
// although the configuration does not set them (IDs, ARNs, names the
// provider generates, tags_all), reads data sources, and gives each
// instance its schema's attributes, typed. Package
// internal/awsprovider emulates the hashicorp/aws provider and
// documents every attribute it synthesizes and every data source it
// answers. The one exception is data "template_file" (the
// hashicorp/template provider), which the evaluator renders itself with
// its templatefile.
package terraform
