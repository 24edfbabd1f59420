package inspection

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/ident"
	"zfjd/internal/textcheck"
)

// Limits of what one inspection may carry.
const (
	MaxEvents   = 100
	MaxOfficers = 20
	MaxJoint    = 20
	MaxItems    = 200
)

var sourceRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}$`)

// CheckSource checks the path's source system and id (§4, as cases).
func CheckSource(sys, id string) error {
	f := apperr.Fields{}
	if !sourceRe.MatchString(sys) {
		f.Set("source_system", "来源系统标识应为1至64位字母、数字、点、下划线、冒号或连字符")
	}
	if !sourceRe.MatchString(id) {
		f.Set("source_id", "来源检查标识应为1至64位字母、数字、点、下划线、冒号或连字符")
	}
	return f.Err()
}

// Normalize checks in as received (API body or UI form) and parses its
// events. Every problem is reported at once, by JSON path, in Chinese;
// nothing is written when any is found.
func (in *Inspection) Normalize() error {
	f := apperr.Fields{}
	in.AgencyCode = ident.NormalizeUSCC(in.AgencyCode)
	in.RegionCode = strings.TrimSpace(in.RegionCode)
	in.MatterCode = strings.TrimSpace(in.MatterCode)
	if in.AgencyCode == "" {
		f.Set("agency_code", "必填")
	}
	if in.RegionCode == "" {
		f.Set("region_code", "必填")
	} else if err := ident.ValidateRegionCode(in.RegionCode); err != nil {
		f.Set("region_code", err.Error())
	}
	if in.MatterCode == "" {
		f.Set("matter_code", "必填")
	} else {
		textcheck.CheckText(f, "matter_code", in.MatterCode, 64)
	}
	if !slices.ContainsFunc(Kinds, func(k struct{ Code, Label string }) bool { return k.Code == in.Kind }) {
		f.Set("kind", "检查类型应为 routine（日常）、case（个案）或 special（专项）")
	}
	in.Enterprise.Name = strings.TrimSpace(in.Enterprise.Name)
	if in.Enterprise.Name == "" {
		f.Set("enterprise.name", "必填")
	} else {
		textcheck.CheckText(f, "enterprise.name", in.Enterprise.Name, 200)
	}
	in.Enterprise.IDNumber = ident.NormalizeUSCC(in.Enterprise.IDNumber)
	if in.Enterprise.IDNumber == "" {
		f.Set("enterprise.id_number", "必填")
	} else if err := ident.ValidateUSCC(in.Enterprise.IDNumber); err != nil {
		f.Set("enterprise.id_number", "统一社会信用代码无效："+err.Error())
	}
	in.normalizeJoint(f)
	in.normalizeEvents(f)
	in.normalizeChecklist(f)
	return f.Err()
}

func (in *Inspection) normalizeJoint(f apperr.Fields) {
	if len(in.JointAgency) > MaxJoint {
		f.Set("joint_agency_codes", fmt.Sprintf("联合检查的执法主体不能超过%d个", MaxJoint))
		return
	}
	var out []string
	for i, c := range in.JointAgency {
		c = ident.NormalizeUSCC(c)
		path := fmt.Sprintf("joint_agency_codes[%d]", i)
		switch {
		case ident.ValidateUSCC(c) != nil:
			f.Set(path, "执法主体代码无效")
		case c == in.AgencyCode:
			f.Set(path, "联合检查的其他执法主体不能是本检查的执法主体")
		case !slices.Contains(out, c):
			out = append(out, c)
		}
	}
	in.JointAgency = out
}

var eventOrder = map[string]int{EvApproved: 0, EvReported: 1, EvCheckedIn: 2, EvResult: 3, EvCheckedOut: 4}

func (in *Inspection) normalizeEvents(f apperr.Fields) {
	if len(in.Events) > MaxEvents {
		f.Set("events", fmt.Sprintf("事件不能超过%d条", MaxEvents))
		return
	}
	for i := range in.Events {
		e := &in.Events[i]
		path := fmt.Sprintf("events[%d]", i)
		if _, ok := eventOrder[e.Type]; !ok {
			f.Set(path+".type", "事件类型应为 approved、reported、checked_in、result 或 checked_out")
			continue
		}
		w, err := parseWhen(e.At)
		if err != nil || !w.Date.Valid() {
			f.Set(path+".at", "时间应为 YYYY-MM-DD 或带时区的 RFC 3339 时刻")
			continue
		}
		e.when = w
		e.Actor = strings.TrimSpace(e.Actor)
		textcheck.CheckText(f, path+".actor", e.Actor, 100)
		textcheck.CheckLines(f, path+".summary", e.Summary, 2000)
		textcheck.CheckLines(f, path+".note", e.Note, 2000)
		if len(e.Officers) > MaxOfficers {
			f.Set(path+".officers", fmt.Sprintf("执法人员不能超过%d名", MaxOfficers))
		}
		var offs []string
		for k, o := range e.Officers {
			o = strings.TrimSpace(o)
			if textcheck.CheckText(f, fmt.Sprintf("%s.officers[%d]", path, k), o, 32) && o != "" && !slices.Contains(offs, o) {
				offs = append(offs, o)
			}
		}
		e.Officers = offs
		switch e.Type {
		case EvApproved:
			if e.Actor == "" {
				f.Set(path+".actor", "审批须写明审批人（执法主体负责人）")
			}
		case EvCheckedIn:
			if len(e.Officers) == 0 {
				f.Set(path+".officers", "入企检查须列明执法人员的执法证号")
			}
		case EvResult:
			if e.ProblemFound == nil {
				f.Set(path+".problem_found", "必填：是否发现问题")
			}
		}
	}
	if f.Err() != nil {
		return
	}
	slices.SortStableFunc(in.Events, func(a, b Event) int {
		switch {
		case a.when.before(b.when):
			return -1
		case b.when.before(a.when):
			return 1
		}
		return eventOrder[a.Type] - eventOrder[b.Type]
	})
}

func (in *Inspection) normalizeChecklist(f apperr.Fields) {
	if len(in.Checklist) > MaxItems {
		f.Set("checklist", fmt.Sprintf("检查项不能超过%d项", MaxItems))
		return
	}
	for i := range in.Checklist {
		c := &in.Checklist[i]
		c.Item = strings.TrimSpace(c.Item)
		textcheck.CheckText(f, fmt.Sprintf("checklist[%d].item", i), c.Item, 200)
		textcheck.CheckLines(f, fmt.Sprintf("checklist[%d].note", i), c.Note, 1000)
	}
}
