package awsprovider

import (
	"strconv"
	"strings"
)

// regionShort abbreviates a region as zone IDs do: "ap-northeast-1" ->
// "apne1", "us-east-1" -> "use1", "eu-central-1" -> "euc1".
func regionShort(region string) string {
	parts := strings.Split(region, "-")
	if len(parts) < 3 {
		return region
	}
	abbrev := map[string]string{
		"north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
		"northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
	}
	var b strings.Builder
	b.WriteString(parts[0])
	for _, p := range parts[1 : len(parts)-1] {
		if a, ok := abbrev[p]; ok {
			b.WriteString(a)
		} else if p != "" {
			b.WriteByte(p[0])
		}
	}
	b.WriteString(parts[len(parts)-1])
	return b.String()
}

// azLetters are the Availability Zones the provider gives a region:
// ap-northeast-1 has no "b" zone for new accounts.
func azLetters(region string) []string {
	if region == "ap-northeast-1" {
		return []string{"a", "c", "d"}
	}
	return []string{"a", "b", "c"}
}

// azNames returns the region's Availability Zone names.
func azNames(region string) []string {
	var out []string
	for _, l := range azLetters(region) {
		out = append(out, region+l)
	}
	return out
}

// azID returns the zone ID of an Availability Zone name: the usual
// mapping for ap-northeast-1 (a=az4, c=az1, d=az2), else the letter's
// position ("us-east-1b" -> "use1-az2"). Real mappings vary by account.
func azID(region, az string) string {
	letter := strings.TrimPrefix(az, region)
	if len(letter) != 1 || letter[0] < 'a' || letter[0] > 'z' {
		return ""
	}
	n := int(letter[0]-'a') + 1
	if region == "ap-northeast-1" {
		n = map[string]int{"a": 4, "b": 3, "c": 1, "d": 2}[letter]
		if n == 0 {
			n = int(letter[0]-'a') + 1
		}
	}
	return regionShort(region) + "-az" + strconv.Itoa(n)
}

// managedPrefixListID is the ID the provider gives the AWS-managed
// prefix list of a service ("com.amazonaws.REGION.s3").
func managedPrefixListID(serviceName string) string {
	return "pl-" + hexHash(serviceName, 8)
}

// serviceShortName strips "com.amazonaws.REGION." (or
// "com.amazonaws.vpce.REGION.") from an endpoint service name.
func serviceShortName(serviceName, region string) string {
	for _, p := range []string{"com.amazonaws." + region + ".", "com.amazonaws.vpce." + region + "."} {
		if rest, ok := strings.CutPrefix(serviceName, p); ok {
			return rest
		}
	}
	return serviceName
}

// serviceRegion returns the region inside an AWS service name, or "".
func serviceRegion(serviceName string) string {
	parts := strings.Split(serviceName, ".")
	if len(parts) >= 4 && parts[0] == "com" && parts[1] == "amazonaws" {
		if parts[2] == "vpce" {
			return parts[3]
		}
		return parts[2]
	}
	return ""
}

// privateDNSName is the name an endpoint service's private DNS serves.
func privateDNSName(short, region string) string {
	switch short {
	case "ecr.api":
		return "api.ecr." + region + ".amazonaws.com"
	case "ecr.dkr":
		return "*.dkr.ecr." + region + ".amazonaws.com"
	case "s3":
		return "*.s3." + region + ".amazonaws.com"
	}
	return short + "." + region + ".amazonaws.com"
}

// vpceZoneID is the hosted zone ID of a region's vpce.amazonaws.com names.
func vpceZoneID(region string) string {
	return "Z" + alphabetHash(region+"#vpce", 13, upperAlnum)
}
