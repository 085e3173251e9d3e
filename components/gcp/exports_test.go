package gcp

// Test-only access to the name derivations, which the component tests check against the services' rules.
var (
	AccountID          = accountID
	PerimeterShortName = perimeterShortName
)
