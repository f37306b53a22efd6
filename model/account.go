package model

import "strings"

// ShownAccount returns the account that every ARN and private ECR
// registry host of the world's task definitions names (execution and task
// roles, images, secrets, registry credentials), or "" when there is none
// or they name different accounts (aws-rules 6.1.6).
func (w *World) ShownAccount() string {
	found, agree := "", true
	see := func(a string) {
		switch {
		case a == "":
		case found == "":
			found = a
		case a != found:
			agree = false
		}
	}
	for i := range w.TaskDefinitions {
		td := &w.TaskDefinitions[i]
		see(ARNAccount(td.ExecutionRoleARN))
		see(ARNAccount(td.TaskRoleARN))
		for j := range td.Containers {
			c := &td.Containers[j]
			see(RegistryAccount(c.Image))
			see(ARNAccount(c.RepositoryCredentials))
			for _, s := range append(c.Secrets[:len(c.Secrets):len(c.Secrets)], c.LogSecretOptions...) {
				see(ARNAccount(s.ValueFrom))
			}
		}
	}
	if !agree {
		return ""
	}
	return found
}

// ARNAccount returns the 12-digit account ID of an ARN, or "".
func ARNAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || !IsAccountID(parts[4]) {
		return ""
	}
	return parts[4]
}

// RegistryAccount returns the account of a private ECR registry host at
// the start of an image URI ("ACCOUNT.dkr.ecr.REGION.amazonaws.com/app"
// or the dual-stack "ACCOUNT.dkr-ecr.REGION.on.aws/app"), or "".
func RegistryAccount(image string) string {
	a, rest, ok := strings.Cut(image, ".")
	if !ok || !IsAccountID(a) || !strings.HasPrefix(rest, "dkr.ecr.") && !strings.HasPrefix(rest, "dkr-ecr.") {
		return ""
	}
	return a
}
