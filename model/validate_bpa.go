package model

import "slices"

// collectBPA registers the VPC Block Public Access objects.
func (v *validator) collectBPA() {
	for _, o := range v.w.BlockPublicAccess {
		v.add(KindBlockPublicAccess, o.ID, o.Source)
	}
	for _, o := range v.w.BPAExclusions {
		v.add(KindBPAExclusion, o.ID, o.Source)
	}
}

// checkBPA checks the VPC Block Public Access options and exclusions
// (aws-rules 4.10.1, 4.10.2): known modes, one setting per account and
// Region, and one VPC or subnet per exclusion.
func (v *validator) checkBPA() {
	seen := map[[2]string]string{}
	for _, o := range v.w.BlockPublicAccess {
		v.required(o.Source, string(KindBlockPublicAccess), o.ID, "mode", o.Mode)
		if o.Mode != "" && !slices.Contains([]string{BPAOff, BPABidirectional, BPAIngress}, o.Mode) {
			v.errorf(o.Source, CodeInvalidValue, "%s %q: mode %q is not %s, %s or %s", KindBlockPublicAccess, o.ID, o.Mode, BPAOff, BPABidirectional, BPAIngress)
		}
		if o.Region != "" && !IsRegion(o.Region) {
			v.errorf(o.Source, CodeInvalidValue, "%s %q: %q is not a region name", KindBlockPublicAccess, o.ID, o.Region)
		}
		key := [2]string{orDefault(o.Account, v.w.Account), orDefault(o.Region, v.w.Region)}
		if o.Mode == "" {
			continue // reported above, or not determined
		}
		if first, dup := seen[key]; dup {
			v.errorf(o.Source, CodeDuplicateID, "%s %q: %q already sets VPC Block Public Access for account %s in %s; an account has one setting per Region", KindBlockPublicAccess, o.ID, first, key[0], key[1])
			continue
		}
		seen[key] = o.ID
	}
	for _, o := range v.w.BPAExclusions {
		v.ref(o.Source, "vpc", o.VPC, KindVPC)
		v.ref(o.Source, "subnet", o.Subnet, KindSubnet)
		if o.VPC == "" && o.Subnet == "" {
			v.errorf(o.Source, CodeMissingField, "%s %q names no VPC and no subnet", KindBPAExclusion, o.ID)
		}
		if o.VPC != "" && o.Subnet != "" {
			v.errorf(o.Source, CodeInvalidValue, "%s %q names both a VPC and a subnet; an exclusion is for one of them", KindBPAExclusion, o.ID)
		}
		v.required(o.Source, string(KindBPAExclusion), o.ID, "mode", o.Mode)
		if o.Mode != "" && o.Mode != BPAAllowBidirectional && o.Mode != BPAAllowEgress {
			v.errorf(o.Source, CodeInvalidValue, "%s %q: mode %q is not %s or %s", KindBPAExclusion, o.ID, o.Mode, BPAAllowBidirectional, BPAAllowEgress)
		}
	}
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
