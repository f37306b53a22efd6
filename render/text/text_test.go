package text

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/vpctrace/vpctrace/model"
	"github.com/vpctrace/vpctrace/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func at(line int) model.Pos { return model.Pos{File: "net.yaml", Line: line, Column: 3} }

// zoneFix is the fix of secretCall's first blocker.
var zoneFix = sim.Fix{Advice: "add a record for secretsmanager.ap-northeast-1.amazonaws.com to zone-secrets, or remove the zone from vpc-main"}

// secretCall fails from its only placement, with two blockers, and has a
// full trace.
func secretCall() sim.CallResult {
	return sim.CallResult{
		Call: sim.Call{
			Kind: sim.CallSecret, Service: "com.amazonaws.ap-northeast-1.secretsmanager",
			Host: "secretsmanager.ap-northeast-1.amazonaws.com", Port: 443, Phase: sim.PhaseStart,
			Resource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/database/password-AbCdEf",
			Region:   "ap-northeast-1", Origin: sim.OriginTaskENI, Container: "web",
			Actions:        []string{"secretsmanager:GetSecretValue"},
			PolicyResource: "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:prod/database/password-AbCdEf",
			Principal:      "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
		},
		Verdict: sim.Unreachable, Reason: sim.DNSNameNotFound,
		Blockers: []sim.Reason{sim.DNSNameNotFound, sim.SGEgressDenied},
		Explanation: "The private hosted zone secretsmanager.ap-northeast-1.amazonaws.com is associated with " +
			"vpc-main but has no record for the name, so the Amazon resolver answers NXDOMAIN and the task never connects.",
		Placements: []sim.PlacementResult{{
			Subnet: "subnet-private-a", AZ: "ap-northeast-1a", Verdict: sim.Unreachable, Reason: sim.DNSNameNotFound,
			Blockers: []sim.Reason{sim.DNSNameNotFound, sim.SGEgressDenied},
			Fix:      zoneFix, Decisive: &sim.StepRef{Hop: 1},
			BlockedBy: []sim.Blocker{
				{Reason: sim.DNSNameNotFound, Decisive: &sim.StepRef{Hop: 1}, Fix: zoneFix},
				{Reason: sim.SGEgressDenied, Decisive: &sim.StepRef{}, Fix: sim.Fix{Advice: "add an egress rule for TCP 443 to 10.0.0.0/16 on sg-app"}},
			},
			Hops: []sim.Hop{
				{Component: "eni-task", Kind: sim.HopTaskENI, Steps: []sim.Step{{
					Type: sim.StepSecurityGroup, Action: sim.ActionDenied, Detail: "no egress rule allows tcp/443",
					Rule: "sg-app egress", Source: at(40), Reason: sim.SGEgressDenied,
				}}},
				{Component: "AmazonProvidedDNS of vpc-main (10.0.0.2)", Kind: sim.HopDNSResolver, Steps: []sim.Step{{
					Type: sim.StepDNS, Action: sim.ActionFailed, Detail: "NXDOMAIN from zone-secrets",
					Source: at(70), Reason: sim.DNSNameNotFound,
				}}},
			},
		}},
	}
}

// efsCall works from one subnet and not from the other.
func efsCall() sim.CallResult {
	return sim.CallResult{
		Call: sim.Call{
			Kind: sim.CallEFS, Host: "fs-12345678.efs.ap-northeast-1.amazonaws.com", Port: 2049,
			Phase: sim.PhaseStart, Resource: "fs-12345678", Origin: sim.OriginTaskENI,
		},
		Verdict: sim.Unreachable, Reason: sim.EFSNoMountTargetInAZ, Blockers: []sim.Reason{sim.EFSNoMountTargetInAZ},
		Explanation: "fs-12345678 has no mount target in ap-northeast-1c.",
		Placements: []sim.PlacementResult{
			{Subnet: "subnet-private-a", AZ: "ap-northeast-1a", Verdict: sim.Reachable, Via: sim.ViaLocal,
				Hops: []sim.Hop{{Component: "mount target mt-a in subnet-private-a (10.0.1.20/32)", Kind: sim.HopMountTarget, Steps: []sim.Step{{
					Type: sim.StepDeliver, Action: sim.ActionDelivered, Detail: "NFS to 10.0.1.20", Source: at(90)}}}}},
			{Subnet: "subnet-private-c", AZ: "ap-northeast-1c", Verdict: sim.Unreachable,
				Reason: sim.EFSNoMountTargetInAZ, Blockers: []sim.Reason{sim.EFSNoMountTargetInAZ},
				Warnings: []string{"mounting across AZs is not possible without a mount target"}},
		},
	}
}

func reachable(kind sim.CallKind, host, resource string, via sim.Via) sim.CallResult {
	return sim.CallResult{
		Call:    sim.Call{Kind: kind, Host: host, Port: 443, Phase: sim.PhaseStart, Resource: resource},
		Verdict: sim.Reachable, Via: via,
		Placements: []sim.PlacementResult{{Subnet: "subnet-private-a", AZ: "ap-northeast-1a",
			Verdict: sim.Reachable, Via: via}},
	}
}

func sampleReport() sim.Report {
	execCall := sim.CallResult{
		Call: sim.Call{Kind: sim.CallExec, Host: "ssmmessages.ap-northeast-1.amazonaws.com", Port: 443,
			Phase: sim.PhaseRuntime},
		Verdict: sim.Unknown, Reason: sim.DNSResolverUnknown, Blockers: []sim.Reason{sim.DNSResolverUnknown},
		Explanation: "The VPC uses the name servers 10.9.0.2, whose answers the model does not know.",
	}
	logs := reachable(sim.CallLogs, "logs.ap-northeast-1.amazonaws.com", "/ecs/worker", sim.ViaNATGateway)
	logs.Placements[0].HostSubnet = "subnet-hosts-a"
	return sim.Report{
		Workloads: []sim.WorkloadResult{
			{
				Name: "web", Source: "service-web", SourcePos: at(100), LaunchType: "FARGATE", PlatformVersion: "1.4.0",
				StoppedReason: "ResourceInitializationError: unable to pull secrets or registry auth: execution " +
					"resource retrieval failed: unable to retrieve secret from asm: service call has been retried " +
					"5 time(s): failed to fetch secret",
				Calls: []sim.CallResult{
					reachable(sim.CallECRAuth, "api.ecr.ap-northeast-1.amazonaws.com", "", sim.ViaInterfaceEndpoint),
					reachable(sim.CallECRImage, "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com",
						"123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/team/web-frontend:2024-06-01", sim.ViaInterfaceEndpoint),
					reachable(sim.CallECRLayers, "prod-ap-northeast-1-starport-layer-bucket.s3.ap-northeast-1.amazonaws.com",
						"", sim.ViaGatewayEndpoint),
					secretCall(),
					efsCall(),
					execCall,
				},
			},
			{Name: "worker", Source: "service-worker", LaunchType: "EC2", Starts: true, Outcome: sim.OutcomeStarts, Traced: true,
				Calls: []sim.CallResult{logs}},
			{Name: "batch", Source: "service-batch", SourcePos: at(120), LaunchType: "FARGATE", Outcome: sim.OutcomeUnknown,
				StoppedVerdict: sim.Unknown, Calls: []sim.CallResult{},
				StoppedReason: `(undetermined) task_definition of service-batch is not known ("batch:3" is not a task definition the input describes), so the calls its tasks make cannot be listed`},
		},
		Diagnostics: model.Diagnostics{
			{Severity: model.SeverityWarning, Code: "unused", Message: "endpoint vpce-logs is not used", Source: at(12)},
			{Severity: model.SeverityInfo, Code: "default", Message: "no region given; using ap-northeast-1"},
		},
	}
}

func render(t *testing.T, r sim.Report, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, opts); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.String()
}

// checkGolden compares got with testdata/name, rewriting the file first
// with -update, and reports the first line that differs.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	gotLines, wantLines := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(gotLines), len(wantLines)) {
		g, w := lineAt(gotLines, i), lineAt(wantLines, i)
		if g != w {
			t.Fatalf("%s line %d:\ngot  %q\nwant %q\n(run go test -update to accept)\n%s", path, i+1, g, w, got)
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of output>"
}

func TestWriteGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		opts   Options
	}{
		{"default.golden", Options{}},
		{"verbose.golden", Options{Verbose: true}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			got := render(t, sampleReport(), tc.opts)
			if strings.Contains(got, "\x1b") {
				t.Error("output has escape sequences although Color is off")
			}
			checkGolden(t, tc.golden, got)
		})
	}
}

func TestWriteColor(t *testing.T) {
	got := render(t, sampleReport(), Options{Color: true})
	for _, want := range []string{red + "✗" + reset, green + "✓" + reset, yellow + "?" + reset, red + "would NOT start" + reset} {
		if !strings.Contains(got, want) {
			t.Errorf("coloured output lacks %q", want)
		}
	}
	if plain := stripANSI(got); plain != render(t, sampleReport(), Options{}) {
		t.Errorf("coloured output differs from the plain one beyond colour:\n%s", plain)
	}
}

func stripANSI(s string) string {
	for _, c := range []string{red, green, yellow, bold, reset} {
		s = strings.ReplaceAll(s, c, "")
	}
	return s
}

// TestWriteSummary checks the last line: workloads by whether their tasks
// start (architecture.md "JSON schema vpctrace/v1": starts, fails, unknown, and not
// traced when the calls cannot be listed), and calls by verdict.
func TestWriteSummary(t *testing.T) {
	wl := func(starts bool, outcome sim.Outcome, traced bool, verdicts ...sim.Verdict) sim.WorkloadResult {
		w := sim.WorkloadResult{Name: "w", Starts: starts, Outcome: outcome, Traced: traced}
		for _, v := range verdicts {
			w.Calls = append(w.Calls, sim.CallResult{Call: sim.Call{Kind: sim.CallLogs}, Verdict: v})
		}
		return w
	}
	for _, tc := range []struct {
		name string
		r    sim.Report
		want string
	}{
		{"sample", sampleReport(), "3 workloads, 1 would not start, 1 not traced; 7 calls: 4 reachable, 2 unreachable, 1 unknown"},
		{"nothing declared", sim.Report{}, "0 workloads: nothing to trace"},
		{"every state", sim.Report{Workloads: []sim.WorkloadResult{
			wl(true, sim.OutcomeStarts, true, sim.Reachable),
			wl(false, sim.OutcomeFails, true, sim.Unreachable, sim.Unknown),
			wl(false, sim.OutcomeUnknown, true, sim.Unknown, sim.Reachable),
			wl(false, sim.OutcomeUnknown, false),
		}}, "4 workloads, 1 would not start, 1 cannot be told, 1 not traced; 5 calls: 2 reachable, 1 unreachable, 2 unknown"},
		{"one that starts", sim.Report{Workloads: []sim.WorkloadResult{wl(true, sim.OutcomeStarts, true, sim.Reachable)}},
			"1 workload, 0 would not start; 1 call: 1 reachable, 0 unreachable, 0 unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, tc.r, Options{})
			lines := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
			if last := lines[len(lines)-1]; last != tc.want {
				t.Errorf("summary:\ngot  %q\nwant %q", last, tc.want)
			}
		})
	}
}

func TestWriteSanitizesInput(t *testing.T) {
	r := sampleReport()
	r.Workloads[0].Name = "evil\x1b[31mname\x07"
	r.Workloads[0].Calls[3].Explanation = "line one\nline\ttwo \x1b]0;title\x07done"
	r.Workloads[0].Calls[3].Placements[0].Hops[0].Steps[0].Detail = "det\x1b[2Jail"
	r.Diagnostics[0].Message = "msg\u202eevil"
	// A subnet named in a repeated step of another placement.
	efs := &r.Workloads[0].Calls[4]
	efs.Placements[0].Subnet = "sub\x1b[2Jnet"
	efs.Placements[1].Hops = efs.Placements[0].Hops
	for _, opts := range []Options{{}, {Verbose: true}, {Color: true}} {
		got := render(t, r, opts)
		if !opts.Color && strings.ContainsAny(got, "\x1b\x07\u202e") {
			t.Errorf("%+v: output keeps control characters: %q", opts, got)
		}
		if opts.Color && strings.ContainsAny(stripANSI(got), "\x1b\x07\u202e") {
			t.Errorf("%+v: output keeps escapes beyond its own colours", opts)
		}
		for _, want := range []string{"evilname", "line one line two done", "msgevil"} {
			if !strings.Contains(got, want) {
				t.Errorf("%+v: output lacks %q", opts, want)
			}
		}
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"plain name":                    "plain name",
		"a\x1b[31mred\x1b[0m":           "ared",
		"bell\x07":                      "bell",
		"osc\x1b]8;;http://x\x1b\\link": "osclink",
		"tab\tnl\ncr\r":                 "tab nl cr ",
		"nul\x00del\x7f":                "nuldel",
		"c1\u0085x":                     "c1x",
		"bidi\u202ertl\u2066":           "bidirtl",
		"bad\xffutf8":                   "bad\uFFFDutf8",
		"esc at end\x1b":                "esc at end",
		"lone\x1bMx":                    "lonex",
		"日本語":                           "日本語",
	} {
		if got := sanitize(in); got != want {
			t.Errorf("sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestShorten checks that a long target is fitted into its cells, an ARN
// keeping its resource part, and that a wide character is never cut.
func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits", "short", 10, "short"},
		{"ARN keeps its resource", "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:db", 20, "arn:…:secret:db"},
		{"start and a longer end", "abcdefghijklmnopqrstuvwxyz", 10, "abc…uvwxyz"},
		{"CJK counted in cells, none cut in half", "ログ/アプリ/本番環境/設定", 12, "ロ…境/設定"},
		{"CJK that would fit if counted in runes", "本番環境本番環境", 10, "本…番環境"},
		{"emoji", "🚀🚀🚀🚀🚀🚀🚀🚀", 7, "🚀…🚀🚀"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := shorten(tc.in, tc.limit)
			if got != tc.want {
				t.Errorf("shorten(%q, %d) = %q, want %q", tc.in, tc.limit, got, tc.want)
			}
			if width(got) > tc.limit {
				t.Errorf("shorten(%q, %d) = %q is %d cells, wider than the limit", tc.in, tc.limit, got, width(got))
			}
		})
	}
}

// TestWrap checks the text output's wrapping: spaces only, a word wider
// than the line whole on its own line (a name or an ARN stays searchable),
// widths in cells, and nothing for a blank text.
func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		limit int
		want  []string
	}{
		{"fills lines", "one two three four five", 9, []string{"one two", "three", "four five"}},
		{"blank: no line", " ", 9, nil},
		{"long word whole", "at arn:aws:iam::123456789012:role/x now", 10, []string{"at", "arn:aws:iam::123456789012:role/x", "now"}},
		{"CJK two cells a character", "本番 環境 設定 です", 9, []string{"本番 環境", "設定 です"}},
		{"emoji two cells", "🚀 ok 🚀 go", 5, []string{"🚀 ok", "🚀 go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, wrap(tc.in, tc.limit)); diff != "" {
				t.Errorf("wrap(%q, %d) (-want +got):\n%s", tc.in, tc.limit, diff)
			}
		})
	}
}

// TestAlignsWideText checks that columns align by display cells when a
// column holds East Asian characters or emoji: the placement lines of a
// call whose subnets are named in Japanese, and call lines whose targets
// are, start each column at the same cell.
func TestAlignsWideText(t *testing.T) {
	call := reachable(sim.CallLogs, "logs.ap-northeast-1.amazonaws.com", "/ecs/注文", sim.ViaNATGateway)
	call.Verdict, call.Via, call.Reason = sim.Unreachable, "", sim.NoRoute
	call.Placements = []sim.PlacementResult{
		{Subnet: "プライベート-a", AZ: "ap-northeast-1a", Verdict: sim.Reachable, Via: sim.ViaNATGateway},
		{Subnet: "🚀-c", AZ: "ap-northeast-1c", Verdict: sim.Unreachable, Reason: sim.NoRoute},
		{Subnet: "private-d", AZ: "ap-northeast-1d", Verdict: sim.Reachable, Via: sim.ViaNATGateway},
	}
	r := sim.Report{Workloads: []sim.WorkloadResult{{
		Name: "注文サービス", LaunchType: "FARGATE", Outcome: sim.OutcomeFails, Traced: true,
		Calls: []sim.CallResult{call, reachable(sim.CallSecret, "h", "arn:aws:secretsmanager:ap-northeast-1:1:secret:本番/パスワード", sim.ViaNATGateway)},
	}}}
	got := strings.Split(render(t, r, Options{}), "\n")[:6]
	want := []string{
		"注文サービス · FARGATE · would NOT start",
		"  ✗  logs    NO_ROUTE         /ecs/注文",
		"      from プライベート-a (ap-northeast-1a)  ✓ reachable    via nat-gateway",
		"      from 🚀-c (ap-northeast-1c)            ✗ unreachable  NO_ROUTE",
		"      from private-d (ap-northeast-1d)       ✓ reachable    via nat-gateway",
		"  ✓  secret  via nat-gateway  本番/パスワード",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
}

func TestWriteRequirements(t *testing.T) {
	reqs := []sim.Requirement{
		{Use: "Pull an image from ECR", Calls: []sim.CallKind{sim.CallECRImage, sim.CallECRLayers},
			Endpoints: []string{"ecr.dkr", "s3 (Gateway)"}, Origin: sim.OriginTaskENI},
		{Use: "Get registry auth", Calls: []sim.CallKind{sim.CallECRAuth}, Origin: sim.OriginFargatePlatform,
			Note: "On platform version 1.3.0 the Fargate platform makes this call from outside the VPC, so no " +
				"ecr.api endpoint is needed; the seed article's table lists it anyway."},
		{Use: "Send logs", Calls: []sim.CallKind{sim.CallLogs}, Endpoints: []string{"logs"}, Origin: sim.OriginTaskENI,
			Note: "Only with the awslogs driver."},
		// The same note as the row before: it keeps that note's number,
		// and the notes say it once.
		{Use: "Send exec logs", Calls: []sim.CallKind{sim.CallExecLogs}, Endpoints: []string{"logs"}, Origin: sim.OriginTaskENI,
			Note: "Only with the awslogs driver."},
	}
	var buf bytes.Buffer
	if err := WriteRequirements(&buf, "FARGATE", "1.3.0", reqs); err != nil {
		t.Fatal(err)
	}
	checkGolden(t, "requirements.golden", buf.String())
}
