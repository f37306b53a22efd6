package sim

import (
	"fmt"
	"slices"

	"github.com/vpctrace/vpctrace/model"
)

// logMode is the awslogs delivery mode of a container (aws-rules 1.3.5):
// "blocking", "non-blocking", or "" when the input does not determine it,
// with missing naming what would.
type logMode struct {
	mode string
	// from says where the mode comes from, as a phrase: "its
	// logConfiguration.options.mode", "the account setting ...".
	from    string
	missing []Missing
}

// logModeOf resolves the awslogs mode of ct (aws-rules 1.3.5): the
// container's mode option, else the defaultLogDriverMode account setting of
// the task's region, else not known (10.21).
func (ix *index) logModeOf(wl *workload, ct *model.Container) logMode {
	label := containerLabel(wl.td, ct)
	if u, ok := ct.Unknown(model.FieldLogMode, 0); ok {
		return logMode{missing: []Missing{containerMissing(wl.td, ct, u)}}
	}
	if v, ok := ct.LogOptions["mode"]; ok {
		if slices.Contains(model.LogDriverModes, v) {
			return logMode{mode: v, from: "its logConfiguration.options.mode"}
		}
		ix.diag(model.SeverityError, "awslogs-mode-invalid", ct.Source,
			"%s: the awslogs option mode is %q; want blocking or non-blocking (aws-rules 1.3.5)", label, v)
		return logMode{missing: []Missing{{What: "logConfiguration.options.mode of " + label + " in " + wl.td.ID,
			Why: fmt.Sprintf("%q is not an awslogs mode (blocking or non-blocking)", v), Source: ct.Source}}}
	}
	if a := ix.accountSetting(model.SettingDefaultLogDriverMode, wl.region); a != nil {
		name := fmt.Sprintf("the account setting defaultLogDriverMode of %s, %s", wl.region, a.ID)
		if a.Value != "" {
			return logMode{mode: a.Value, from: name}
		}
		return logMode{missing: []Missing{{What: "the value of " + name, Why: ix.unknownWhy(model.KindAccountSetting, a.ID, "value"), Source: a.Source}}}
	}
	return logMode{missing: []Missing{{What: "the ECS account setting defaultLogDriverMode of " + wl.region,
		Why: fmt.Sprintf("%s sets no awslogs mode and the input does not give the account's default, which may be blocking "+
			"(give it with --default-log-driver-mode, aws_ecs_account_setting_default or the scenario's account_settings; aws-rules 1.3.5, 10.21)", label),
		Source: ct.Source}}}
}

// accountSetting returns the account setting default name of region, or
// nil when the input gives none.
func (ix *index) accountSetting(name, region string) *model.AccountSetting {
	for i := range ix.w.AccountSettings {
		a := &ix.w.AccountSettings[i]
		r := a.Region
		if r == "" {
			r = ix.w.Region
		}
		if a.Name == name && r == region {
			return a
		}
	}
	return nil
}

// unknownWhy is why the input does not determine field of an object, as
// World.Unknowns says; "not given" when it says nothing.
func (ix *index) unknownWhy(kind model.Kind, id, field string) string {
	for _, u := range ix.w.Unknowns {
		if u.Kind == kind && u.ID == id && u.Field == field {
			return u.Why
		}
	}
	return "not given"
}

// logStops sets whether a failure of an awslogs call stops the task, from
// the launch type and the container's mode (aws-rules 1.3.6, 1.3.7).
func (ix *index) logStops(wl *workload, ct *model.Container, c *plannedCall) {
	m := ix.logModeOf(wl, ct)
	label := containerLabel(wl.td, ct)
	switch {
	case wl.launchType == "FARGATE":
		c.StopsTask = StopsYes
		if m.mode == "non-blocking" {
			c.StopsNote = fmt.Sprintf("%s is in non-blocking mode (%s), but on Fargate a container whose log stream cannot be created fails to start whatever the mode (aws-rules 1.3.7).", upper(label), m.from)
		}
	case m.mode == "blocking":
		c.StopsTask = StopsYes
		if wl.launchType == "EC2" {
			c.StopsNote = fmt.Sprintf("This stops the task: %s is in blocking mode (%s), so Docker's awslogs driver must create the log stream before the container starts; in non-blocking mode the container would start and lose its logs until CloudWatch Logs is reachable (aws-rules 1.3.6).", label, m.from)
		}
	case m.mode == "non-blocking" && wl.launchType == "EC2":
		c.StopsTask = StopsNo
		c.StopsNote = fmt.Sprintf("This does not stop the task: %s is in non-blocking mode (%s), so Docker's awslogs driver keeps trying to create the log stream in the background and the container starts; its logs are lost until CloudWatch Logs is reachable (aws-rules 1.3.6).", label, m.from)
	case wl.launchType == "EC2":
		c.StopsTask = StopsUnknown
		c.stopsMissing = m.missing
		c.StopsNote = fmt.Sprintf("Whether this stops the task is not known: on the EC2 launch type it does only if %s is in blocking mode, and %s sets no mode while the input does not give the account's defaultLogDriverMode for %s; in non-blocking mode the container starts and its logs are lost until CloudWatch Logs is reachable (aws-rules 1.3.5, 1.3.6).", label, label, wl.region)
		if len(m.missing) > 0 && m.missing[0].What != "the ECS account setting defaultLogDriverMode of "+wl.region {
			c.StopsNote = fmt.Sprintf("Whether this stops the task is not known: on the EC2 launch type it does only if %s is in blocking mode, and its mode is not known (%s: %s); in non-blocking mode the container starts and its logs are lost until CloudWatch Logs is reachable (aws-rules 1.3.5, 1.3.6).", label, m.missing[0].What, m.missing[0].Why)
		}
	default:
		// The launch type is not known, and it decides (1.3.6, 1.3.7); the
		// workload already names it.
		c.StopsTask = StopsUnknown
		c.stopsMissing = m.missing
		c.StopsNote = "Whether this stops the task is not known: on Fargate it does in any mode, on the EC2 launch type only in blocking mode, and the launch type is not known (aws-rules 1.3.6, 1.3.7)."
	}
}
