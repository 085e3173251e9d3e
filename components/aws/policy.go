package aws

import (
	"encoding/json"
	"fmt"
)

// policyDocument is an IAM policy document. Field order and omitempty keep the JSON stable, so a preview
// shows no diff when nothing changed.
type policyDocument struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string                    `json:"Sid,omitempty"`
	Effect    string                    `json:"Effect"`
	Principal any                       `json:"Principal,omitempty"`
	Action    []string                  `json:"Action"`
	Resource  any                       `json:"Resource,omitempty"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

func document(stmts ...statement) policyDocument {
	return policyDocument{Version: "2012-10-17", Statement: stmts}
}

func (d policyDocument) JSON() (string, error) {
	b, err := json.Marshal(d)
	if err != nil {
		return "", fmt.Errorf("encoding IAM policy document: %w", err)
	}
	return string(b), nil
}

func awsPrincipal(arns ...string) map[string]any { return map[string]any{"AWS": arns} }

func servicePrincipal(service string) map[string]any { return map[string]any{"Service": service} }
