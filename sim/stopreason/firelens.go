package stopreason

// firelensDetail is the EC2 agent's error when its FireLens resource cannot
// download the configuration file from S3 (7.5.4, 10.23). The agent first
// asks S3 for the bucket's region (GetBucketLocation, on the same host
// when the bucket is in the task's region), so a request that cannot
// connect fails there, while an endpoint policy that refuses the object
// fails the download itself. The agent's wrapping texts are its own; the
// S3 errors inside are inferred from 7.2.
func firelensDetail(f Failure) string {
	bucket, key := s3Object(f.Resource)
	const prefix = "unable to download firelens s3 config file: "
	if familyOf(f.Reason) == famDenied {
		return prefix + "unable to download s3 config " + key + " from bucket " + bucket + ": " +
			firelensObjectCall(f).sdkError(f)
	}
	location := awsCall{method: "Get", host: f.host(), path: "/?location="}
	return prefix + "unable to initialize s3 client for bucket " + bucket + ": " + location.sdkError(f)
}

// firelensObjectCall is the download of the configuration file itself.
func firelensObjectCall(f Failure) awsCall {
	_, key := s3Object(f.Resource)
	return awsCall{method: "Get", host: f.host(), path: "/" + key, code: "AccessDenied",
		action: "s3:GetObject", resource: orDefault(f.Resource, "arn:aws:s3:::<bucket>/<key>")}
}
