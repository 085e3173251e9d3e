package report

import "fmt"

// Edges returns the diagram's relationships as "<from> <label> <to>" lines.
func Edges(r *Report) []string {
	out := make([]string, len(r.diagram.Edges))
	for i, e := range r.diagram.Edges {
		out[i] = fmt.Sprintf("%s %s %s", r.diagram.Nodes[e.From].Name, e.Label, r.diagram.Nodes[e.To].Name)
	}
	return out
}

// Catalogued reports whether requirement id has its own entry in the requirement catalog.
func Catalogued(id string) bool {
	_, exact := lookup(id)
	return exact
}

// Names exposes the test of whether a string names an identifier.
var Names = names
