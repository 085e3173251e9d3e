package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
)

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Funcs(template.FuncMap{
	"resultClass": resultClass,
}).Parse(htmlSource))

// htmlView is what the HTML template reads: the report's parts, already cleaned.
type htmlView struct {
	Stack, Cloud, Date string
	DryRun             bool
	Provenance         provenanceView
	Summary            Summary
	Rows               []htmlRow
	Responsibilities   []responsibility
	Findings           []findingView
	Rules              []Rule
	Diagram            svgLayout
	Folded             int
	Inventory          []inventoryGroup
	Timestamps         bool
	DriftCompared      bool
	Drift              []Drift
	Unknown, Secret    string
}

type htmlRow struct {
	row
	Label string
	// Collapse folds a long evidence list so the matrix stays readable.
	Collapse bool
}

// maxOpenEvidence is how many evidence entries a matrix cell shows before it folds them.
const maxOpenEvidence = 6

// HTML writes the report as one self-contained HTML page: inline style, inline SVG, no script and nothing
// loaded from elsewhere.
func (r *Report) HTML(w io.Writer) error {
	v := htmlView{
		Stack: r.stack, Cloud: r.cloud, Date: r.date, DryRun: r.dryRun, Provenance: r.provenance, Summary: r.summary,
		Responsibilities: r.responsibilities, Findings: r.findings, Rules: r.rules,
		Diagram: r.diagram.layout(), Folded: r.diagram.Folded, Inventory: r.inventory, Timestamps: r.timestamps, DriftCompared: r.driftCompared, Drift: r.drift,
		Unknown: unknownText, Secret: secretText,
	}
	for _, row := range r.rows {
		v.Rows = append(v.Rows, htmlRow{row: row, Label: r.resultLabel(row.Result), Collapse: len(row.Evidence) > maxOpenEvidence})
	}
	if err := htmlTemplate.Execute(w, v); err != nil {
		return fmt.Errorf("rendering HTML report of stack %s: %w", r.stack, err)
	}
	return nil
}

func resultClass(r Result) string {
	switch r {
	case ResultFail:
		return "fail"
	case ResultNotVerified:
		return "unverified"
	case ResultNotChecked:
		return "notchecked"
	case ResultAdvisory:
		return "advisory"
	default:
		return "pass"
	}
}
