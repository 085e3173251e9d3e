package components

import "fmt"

// Cloud names a provider the contract is implemented on.
type Cloud string

// The clouds pciqueue implements the contract on.
const (
	AWS   Cloud = "aws"
	Azure Cloud = "azure"
	GCP   Cloud = "gcp"
)

// Clouds lists every supported cloud in a stable order.
var Clouds = []Cloud{AWS, Azure, GCP}

// ParseCloud turns a config value into a Cloud, rejecting anything else with the allowed values.
func ParseCloud(s string) (Cloud, error) {
	for _, c := range Clouds {
		if string(c) == s {
			return c, nil
		}
	}
	return "", fmt.Errorf("unknown cloud %q: must be one of aws, azure, gcp", s)
}
