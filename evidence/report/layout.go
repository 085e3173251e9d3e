package report

import (
	"fmt"
	"strings"
)

// Geometry of the SVG diagram, in pixels.
const (
	layoutMargin   = 16
	layoutColumnW  = 320
	layoutNodeW    = 272
	layoutNodeH    = 44
	layoutRowH     = 60
	layoutHeadH    = 36
	layoutGroupTop = 30
	layoutGroupPad = 12
	layoutGroupGap = 16
	layoutLegendH  = 28
	// layoutNameRunes and layoutTypeRunes are how much of a name and of a type fit in a node; the node's
	// tooltip has them whole.
	layoutNameRunes = 34
	layoutTypeRunes = 42
)

// svgLayout is a diagram placed on a canvas: layered by column (keys | queues | identities and network |
// audit), one horizontal band per component.
type svgLayout struct {
	Width, Height int
	Columns       []svgText
	Bands         []svgBand
	Edges         []svgEdge
	Nodes         []svgNode
	Legend        []svgLegend
}

type svgText struct {
	X, Y int
	Text string
}

type svgBand struct {
	X, Y, W, H int
	Title      string
}

type svgNode struct {
	X, Y, W, H   int
	Name, Type   string
	Title        string
	Class        string
	NameX, NameY int
	TypeY        int
}

type svgEdge struct {
	D      string
	Colour string
	Marker string
	Title  string
}

type svgLegend struct {
	X, Y   int
	Colour string
	Marker string
	Text   string
}

func (d diagram) layout() svgLayout {
	l := svgLayout{Width: 2*layoutMargin + len(columns)*layoutColumnW}
	for i, c := range columns {
		l.Columns = append(l.Columns, svgText{X: layoutMargin + i*layoutColumnW + layoutColumnW/2, Y: 24, Text: c.Title})
	}
	col := map[category]int{}
	for i, c := range columns {
		col[c.Cat] = i
	}
	pos := make([][2]int, len(d.Nodes))
	y := layoutHeadH
	for _, g := range d.Groups {
		rows := make([]int, len(columns))
		for _, n := range g.Nodes {
			c := col[d.Nodes[n].Cat]
			pos[n] = [2]int{layoutMargin + c*layoutColumnW + (layoutColumnW-layoutNodeW)/2, y + layoutGroupTop + rows[c]*layoutRowH}
			rows[c]++
		}
		height := layoutGroupTop + maxOf(rows)*layoutRowH - (layoutRowH - layoutNodeH) + layoutGroupPad
		l.Bands = append(l.Bands, svgBand{X: layoutMargin / 2, Y: y, W: l.Width - layoutMargin, H: height, Title: g.Name + " (" + g.Type + ")"})
		y += height + layoutGroupGap
	}
	for _, e := range d.Edges {
		from, to := pos[e.From], pos[e.To]
		k := e.Kind.colour()
		l.Edges = append(l.Edges, svgEdge{
			D: edgePath(from, to), Colour: k, Marker: marker(e.Kind),
			Title: d.Nodes[e.From].Name + " " + e.Label + " " + d.Nodes[e.To].Name,
		})
	}
	for i, n := range d.Nodes {
		p := pos[i]
		l.Nodes = append(l.Nodes, svgNode{
			X: p[0], Y: p[1], W: layoutNodeW, H: layoutNodeH,
			Name: fit(n.Name, layoutNameRunes), Type: fit(shortType(n.Type), layoutTypeRunes), Title: n.Name + " — " + n.Type + " — " + string(n.Result),
			Class: nodeClass(n), NameX: p[0] + 10, NameY: p[1] + 19, TypeY: p[1] + 35,
		})
	}
	y += 4
	for i, k := range edgeKinds {
		perRow := 4
		l.Legend = append(l.Legend, svgLegend{
			X: layoutMargin + (i%perRow)*layoutColumnW, Y: y + (i/perRow)*layoutLegendH + 10,
			Colour: k.Colour, Marker: marker(k.Kind), Text: k.Legend,
		})
	}
	l.Height = y + ((len(edgeKinds)+3)/4)*layoutLegendH + layoutMargin
	return l
}

// edgePath draws an edge between the facing sides of two nodes. Neighbouring columns are joined by a
// curve through the gap between them; an edge that spans a column runs along the free lane between two
// rows, so it never passes behind a node; nodes in the same column are joined by a loop on their right.
func edgePath(from, to [2]int) string {
	fy, ty := from[1]+layoutNodeH/2, to[1]+layoutNodeH/2
	x1, x2 := from[0]+layoutNodeW, to[0]
	dir := 1
	if from[0] > to[0] {
		x1, x2, dir = from[0], to[0]+layoutNodeW, -1
	}
	gap := layoutColumnW - layoutNodeW
	switch {
	case from[0] == to[0]:
		bulge := x1 + 24 + abs(ty-fy)/6
		return fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, fy, bulge, fy, bulge, ty, x1, ty)
	case abs(x2-x1) <= gap:
		m := (x1 + x2) / 2
		return fmt.Sprintf("M%d %d C%d %d %d %d %d %d", x1, fy, m, fy, m, ty, x2, ty)
	}
	lane := from[1] + layoutNodeH + (layoutRowH-layoutNodeH)/2
	if ty < fy {
		lane = from[1] - (layoutRowH-layoutNodeH)/2
	}
	h := dir * gap / 2
	return fmt.Sprintf("M%d %d C%d %d %d %d %d %d L%d %d C%d %d %d %d %d %d",
		x1, fy, x1+h, fy, x1, lane, x1+h, lane,
		x2-h, lane,
		x2, lane, x2-h, ty, x2, ty)
}

func marker(k edgeKind) string { return fmt.Sprintf("arrow-%d", int(k)) }

func nodeClass(n node) string {
	cls := []string{"node", "cat" + fmt.Sprint(int(n.Cat))}
	switch n.Result {
	case ResultFail:
		cls = append(cls, "fail")
	case ResultNotVerified:
		cls = append(cls, "unverified")
	case ResultAdvisory:
		cls = append(cls, "advisory")
	}
	return strings.Join(cls, " ")
}

// shortType shows a type token as its module and resource name, "aws:sqs/queue:Queue" as "sqs · Queue":
// the band says which cloud, the tooltip and the matrix give the whole token.
func shortType(t string) string {
	parts := strings.Split(t, ":")
	if len(parts) != 3 {
		return t
	}
	module, _, _ := strings.Cut(parts[1], "/")
	return module + " · " + parts[2]
}

// fit shortens s to n runes.
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
