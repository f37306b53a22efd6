// Package snapshot reads an account snapshot: a folder of JSON files, each
// the unmodified output of one AWS CLI v2 call (--output json) for one
// region, such as aws ec2 describe-vpcs or aws ecs describe-services. It
// turns them into a model.World, every object and rule positioned at its
// JSON (FILE:line:col), so that a network built by CloudFormation, CDK or
// the console can be traced offline.
//
// Files are recognised by their content, the response's top-level keys
// (kinds), never by their names; several files of one kind (one
// describe-task-definition per family, pages of output) are merged. Seven
// responses do not say which object they describe (the entries of a
// managed prefix list; the routes, associations and propagations of a
// transit gateway route table; the records of a hosted zone; the zones of
// a VPC; the groups of an EFS mount target): for those the object's ID is
// taken from the file's name, as snapshot-commands writes it.
//
// What the folder does not hold is never guessed: the settings it would
// give are listed in World.Unknowns with the command that supplies them,
// and the calls that depend on them are unknown.
package snapshot
