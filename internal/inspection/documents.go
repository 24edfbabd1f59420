package inspection

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/docs"
)

// Document is document kind (DocApproval 行政检查审批表 or DocRecord 现场检查笔录,
// 司法部《行政检查文书基本格式文本（试行）》) of inspection id as p may read it,
// laid out by package docs, so the A4 page and the .docx come from the
// same blocks. photoURL is the address of a photo of the record (the
// 现场检查笔录 shows the checklist's photos).
func (s *Service) Document(ctx context.Context, p *auth.Principal, id int64, kind string, photoURL func(hash string) string) (*docs.Document, error) {
	in, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if DocLabels[kind] == "" {
		return nil, apperr.NotFoundf("文书")
	}
	var offs []string
	for _, e := range in.Events {
		offs = append(offs, e.Officers...)
	}
	certs, err := Certs(ctx, s.db.R, offs)
	if err != nil {
		return nil, err
	}
	basis := ""
	if it, err := GetItem(ctx, s.db.R, in.MatterCode); err == nil {
		basis = it.LegalBasis
	}
	kindText := KindLabel(in.Kind)
	if in.Emergency {
		kindText += "（紧急）"
	}
	rows := []docs.Row{
		{{Text: "检查对象", Label: true}, {Text: in.Enterprise.Name}, {Text: "统一社会信用代码", Label: true}, {Text: in.Enterprise.IDNumber}},
		{{Text: "检查事项", Label: true}, {Text: in.MatterName}, {Text: "检查类型", Label: true}, {Text: kindText}},
		{{Text: "检查依据", Label: true}, {Text: basis, Span: 3}},
	}
	if len(in.JointAgency) > 0 {
		rows = append(rows, docs.Row{{Text: "联合检查部门", Label: true}, {Text: strings.Join(in.JointAgency, "、") + "（综合查一次）", Span: 3}})
	}
	if e := in.first(EvCheckedIn); e != nil {
		var names []string
		for _, o := range e.Officers {
			names = append(names, certs[o].Name+"（执法证号 "+o+"）")
		}
		rows = append(rows, docs.Row{{Text: "检查人员", Label: true}, {Text: strings.Join(names, "、"), Span: 3}},
			docs.Row{{Text: "检查时间", Label: true}, {Text: cnTime(e.At)}, {Text: "检查码", Label: true}, {Text: in.Code}})
	}
	pg := docs.Page{Agency: in.AgencyName, Title: DocLabels[kind]}
	if kind == DocApproval {
		pg.Blocks = approvalBlocks(in, rows)
	} else {
		photos, err := photosOf(ctx, s.db.R, in.ID)
		if err != nil {
			return nil, err
		}
		pg.Blocks = recordBlocks(in, rows, photos, checklistOf(ctx, s.db.R, in), photoURL)
	}
	return &docs.Document{Kind: kind, Title: pg.Title, Pages: []docs.Page{pg}, BackLabel: "返回检查"}, nil
}

// approvalBlocks is the 行政检查审批表: the visit, then the head's opinion
// (司法部《关于涉企行政检查有关问题的解答》: approved before the visit, an
// emergency one within 3 working days after).
func approvalBlocks(in *Inspection, rows []docs.Row) []docs.Block {
	rows = append(rows, docs.Row{{Text: "申请检查理由", Label: true}, {Text: "依据检查事项清单开展" + KindLabel(in.Kind) + "。", Span: 3, Tall: true}})
	if e := in.first(EvApproved); e != nil {
		op := e.Note
		if op == "" {
			op = "同意"
		}
		rows = append(rows, docs.Row{{Text: "负责人审批意见", Label: true}, {Text: op, Span: 3, Tall: true}},
			docs.Row{{Text: "审批人", Label: true}, {Text: e.Actor}, {Text: "审批时间", Label: true}, {Text: cnTime(e.At)}})
	} else {
		rows = append(rows, docs.Row{{Text: "负责人审批意见", Label: true}, {Text: "（尚未审批）", Span: 3, Tall: true}})
	}
	return []docs.Block{{Kind: docs.BTable, Rows: rows},
		{Kind: docs.BNote, Text: "依据：国办发〔2024〕54号；司法部《关于涉企行政检查有关问题的解答》：行政检查须经行政执法主体负责人批准，紧急情况可先行检查，3个工作日内补办审批手续。"}}
}

// recordBlocks is the 现场检查笔录: the visit, each line of the 一张表单 as
// found, the result, the signatures and the photos taken on site.
func recordBlocks(in *Inspection, rows []docs.Row, photos []*Photo, checklist []string, photoURL func(string) string) []docs.Block {
	for _, c := range in.Checklist {
		v := "符合"
		if c.Problem {
			v = "存在问题"
		}
		if c.Note != "" {
			v += "：" + c.Note
		}
		rows = append(rows, docs.Row{{Text: c.Item, Label: true}, {Text: v, Span: 3}})
	}
	if e := in.last(EvResult); e != nil {
		found := "未发现问题"
		if e.ProblemFound != nil && *e.ProblemFound {
			found = "发现问题"
		}
		rows = append(rows, docs.Row{{Text: "检查情况", Label: true}, {Text: found + "。" + e.Summary, Span: 3, Tall: true}})
	}
	if e := in.first(EvCheckedOut); e != nil {
		rows = append(rows, docs.Row{{Text: "离企时间", Label: true}, {Text: cnTime(e.At), Span: 3}})
	}
	rows = append(rows, docs.Row{{Text: "被检查对象签字", Label: true}, {Text: "", Tall: true}, {Text: "检查人员签字", Label: true}, {Text: "", Tall: true}})
	bl := []docs.Block{{Kind: docs.BTable, Rows: rows}}
	if len(photos) > 0 {
		b := docs.Block{Kind: docs.BPhotos}
		for i, ph := range photos {
			c := "照片" + strconv.Itoa(i+1)
			if l := ph.ItemLabel(checklist); l != "" {
				c += "（" + l + "）"
			}
			if ph.Caption != "" {
				c += "：" + ph.Caption
			}
			src := ""
			if photoURL != nil {
				src = photoURL(ph.Hash)
			}
			b.Photos = append(b.Photos, docs.Photo{Src: src, Caption: c, SHA256: ph.Hash})
		}
		bl = append(bl, docs.Block{Kind: docs.BHead, Text: "现场照片"}, b)
	}
	return append(bl, docs.Block{Kind: docs.BNote, Text: "依据：《行政处罚法》第四十二条、第五十五条（执法人员不少于两人，出示执法证件）；" +
		"鲁政办发〔2025〕3号（一张表单、一表通查）。"})
}

// cnTime is an event time as written in a document (2026年6月15日 10:00).
func cnTime(s string) string {
	w, err := parseWhen(s)
	if err != nil {
		return s
	}
	out := fmt.Sprintf("%d年%d月%d日", w.Date.Y, int(w.Date.M), w.Date.D)
	if w.Instant != nil {
		out += " " + w.Instant.In(shanghai).Format("15:04")
	}
	return out
}
