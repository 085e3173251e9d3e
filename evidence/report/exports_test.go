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

// Relationship is one edge of the diagram with the column and the group of each end.
type Relationship struct {
	From, Label, To      string
	FromColumn, ToColumn string
	FromGroup, ToGroup   string
}

// Relationships returns the diagram's edges with where their ends are drawn.
func Relationships(r *Report) []Relationship {
	d := r.diagram
	group := map[int]string{}
	for _, g := range d.Groups {
		for _, n := range g.Nodes {
			group[n] = g.Name
		}
	}
	column := func(n int) string {
		for _, c := range columns {
			if c.Cat == d.Nodes[n].Cat {
				return c.Title
			}
		}
		return ""
	}
	out := make([]Relationship, len(d.Edges))
	for i, e := range d.Edges {
		out[i] = Relationship{
			From: d.Nodes[e.From].Name, Label: e.Label, To: d.Nodes[e.To].Name,
			FromColumn: column(e.From), ToColumn: column(e.To),
			FromGroup: group[e.From], ToGroup: group[e.To],
		}
	}
	return out
}

// Catalogued reports whether requirement id has its own entry in the requirement catalog.
func Catalogued(id string) bool {
	_, exact := lookup(id)
	return exact
}

// Occurrences exposes where a string names an identifier.
var Occurrences = occurrences
