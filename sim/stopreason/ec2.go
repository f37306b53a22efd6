package stopreason

// agentECRAuthMessage is the EC2 agent's error when it cannot get an ECR
// authorization token before a pull. 7.5.2 names the Docker pull forms for
// pulls; the agent reports the token request itself under
// CannotPullECRContainerError [aws: amazon-ecs-agent dockerapi/errors.go].
func agentECRAuthMessage(f Failure) string {
	return "CannotPullECRContainerError: " + ecrAuthCall(f).sdkError(f)
}

// agentResourceMessage wraps the Fargate inner text of a secret,
// parameter, env-file or EFS failure in the agent's resource error (7.5.2).
func agentResourceMessage(f Failure) string {
	return resourceInitPrefix + "resource cannot be initialized for task " + taskARN(f) + ": " + agentDetail(f)
}

// taskARN is the task's ARN; the task ID is never known before the task
// exists, so it stays a placeholder.
func taskARN(f Failure) string {
	return "arn:aws:ecs:" + f.region() + ":" + f.account() + ":task/" + orDefault(f.Cluster, "<cluster>") + "/<task-id>"
}

// serviceEventMessage is the service event ECS reports when no container
// instance registered, because the agent could not reach its control plane
// (7.5.3); vpctrace reports it as the stopped reason.
func serviceEventMessage(f Failure) string {
	return "service " + orDefault(f.Service, "<service>") +
		" was unable to place a task because no container instance met all of its requirements. " +
		"Reason: No Container Instances were found in your cluster."
}
