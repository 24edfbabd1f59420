package coordination

import (
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/docs"
)

// MinutesDocument is the minutes of meeting m (联席会议纪要) as an A4
// document: the agenda, who attended, the minutes and the decisions with
// their owners and deadlines. Before the meeting is held there are no
// minutes to print (a conflict).
func MinutesDocument(m *Meeting) (*docs.Document, error) {
	var minutes *Act
	for i := range m.Acts {
		if m.Acts[i].Type == "minutes" {
			minutes = &m.Acts[i]
		}
	}
	if minutes == nil {
		return nil, apperr.New(apperr.Conflict, "会议尚未召开，没有会议纪要")
	}
	b := []docs.Block{
		{Kind: docs.BLine, Text: "会议日期：" + minutes.At},
		{Kind: docs.BLine, Text: "会议议题：" + m.Agenda},
		{Kind: docs.BLine, Text: "出席单位：" + strings.Join(minutes.List("attended"), "、")},
	}
	if len(m.Outside) > 0 {
		var os []string
		for _, o := range m.Outside {
			os = append(os, o.Name+"（"+Label(OutsideKinds, o.Kind)+"）")
		}
		b = append(b, docs.Block{Kind: docs.BLine, Text: "列席单位：" + strings.Join(os, "、")})
	}
	b = append(b, docs.Block{Kind: docs.BHead, Text: "会议纪要："})
	for _, para := range strings.Split(minutes.Note, "\n") {
		if para = strings.TrimSpace(para); para != "" {
			b = append(b, docs.Block{Kind: docs.BPara, Text: para})
		}
	}
	if len(m.Decisions) > 0 {
		b = append(b, docs.Block{Kind: docs.BHead, Text: "议定事项："})
		var items []string
		for _, d := range m.Decisions {
			s := d.Title + "（责任单位：" + m.MemberName(d.Owner) + "；落实期限：" + d.Due + "前"
			if d.ReportedOn != "" {
				s += "；" + d.ReportedOn + "已报告落实"
			}
			items = append(items, s+"）")
		}
		b = append(b, docs.Block{Kind: docs.BList, Items: items})
	}
	b = append(b, docs.Block{Kind: docs.BSign, Lines: []string{"联席会议召集单位（行政执法监督机构）", minutes.At}})
	pg := docs.Page{Agency: "行政执法协调监督联席会议", Title: m.Title + "会议纪要", Blocks: b}
	return &docs.Document{Kind: "meeting_minutes", Title: pg.Title, Pages: []docs.Page{pg}, BackLabel: "返回联席会议"}, nil
}
