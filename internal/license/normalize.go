package license

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/textcheck"
)

// MaxEvents bounds the steps of one application.
const MaxEvents = 100

// next says which steps may follow the state after the last one ("" =
// none yet): the order 行政许可法 Chapter IV sets (申请 → 受理 → 决定) and
// what may befall a licence in force (Chapter VI, Art. 8, 49, 50, 69, 70).
var next = map[string][]string{
	"":          {Applied},
	Applied:     {Accepted, NotAccepted},
	Accepted:    {Granted, Refused},
	Granted:     {Changed, Renewed, Revoked, Withdrawn, Cancelled},
	Changed:     {Changed, Renewed, Revoked, Withdrawn, Cancelled},
	Renewed:     {Changed, Renewed, Revoked, Withdrawn, Cancelled},
	NotAccepted: nil, Refused: nil, Revoked: nil, Withdrawn: nil, Cancelled: nil,
}

// Parse decodes a PUT body and normalizes it on today (the fuzzed entry:
// every outside byte string either fails with a field named or yields a
// body that normalizes to itself).
func Parse(data []byte, today law.Date) (*Body, error) {
	var b Body
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&b); err != nil {
		return nil, apperr.New(apperr.Invalid, "请求体不是有效的许可决定JSON")
	}
	if err := b.Normalize(today); err != nil {
		return nil, err
	}
	return &b, nil
}

// Normalize trims and canonicalizes b in place and checks it on today:
// every problem is named by its JSON path, in Chinese; an error changes
// nothing elsewhere.
func (b *Body) Normalize(today law.Date) error {
	f := apperr.Fields{}
	b.AgencyCode = ident.NormalizeUSCC(b.AgencyCode)
	if err := ident.ValidateUSCC(b.AgencyCode); err != nil {
		f.Set("agency_code", "许可机关的统一社会信用代码无效："+err.Error())
	}
	b.SupervisorCode = ident.NormalizeUSCC(b.SupervisorCode)
	if b.SupervisorCode == b.AgencyCode {
		b.SupervisorCode = "" // it supervises its own licences: nobody to notify
	}
	if b.SupervisorCode != "" {
		if err := ident.ValidateUSCC(b.SupervisorCode); err != nil {
			f.Set("supervising_agency_code", "监管机关的统一社会信用代码无效："+err.Error())
		}
	}
	b.RegionCode = strings.TrimSpace(b.RegionCode)
	if err := ident.ValidateRegionCode(b.RegionCode); err != nil {
		f.Set("region_code", "行政区划代码无效："+err.Error())
	}
	b.MatterCode = strings.TrimSpace(b.MatterCode)
	if b.MatterCode == "" {
		f.Set("matter_code", "请填写许可事项编码")
	} else {
		textcheck.CheckText(f, "matter_code", b.MatterCode, 64)
	}
	b.LicenseNo = strings.TrimSpace(b.LicenseNo)
	textcheck.CheckText(f, "license_no", b.LicenseNo, 64)
	b.normalizeParty(f)
	if len(b.Events) == 0 {
		f.Set("events", "请至少报送“申请”环节")
	} else if len(b.Events) > MaxEvents {
		f.Set("events", fmt.Sprintf("办理环节不能超过%d个", MaxEvents))
	} else {
		b.checkEvents(f, today)
	}
	return f.Err()
}

func (b *Body) normalizeParty(f apperr.Fields) {
	p := &b.Party
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		f.Set("party.name", "请填写申请人姓名或名称")
	} else {
		textcheck.CheckText(f, "party.name", p.Name, 200)
	}
	switch p.Kind {
	case "person":
		p.IDNumber = ident.NormalizeIDCard(p.IDNumber)
		if err := ident.ValidateIDCard(p.IDNumber); err != nil {
			f.Set("party.id_number", "申请人的居民身份证号码无效："+err.Error())
		}
	case "org":
		p.IDNumber = ident.NormalizeUSCC(p.IDNumber)
		if err := ident.ValidateUSCC(p.IDNumber); err != nil {
			f.Set("party.id_number", "申请人的统一社会信用代码无效："+err.Error())
		}
	default:
		f.Set("party.kind", "申请人类型应为 person（公民）或 org（法人或其他组织）")
	}
}

// checkEvents checks the steps in the order given: each a known type
// allowed after the one before, dated on or after it and not after today.
func (b *Body) checkEvents(f apperr.Fields, today law.Date) {
	state, last := "", law.Date{}
	for i := range b.Events {
		e := &b.Events[i]
		at := fmt.Sprintf("events[%d]", i)
		e.Type, e.At, e.ValidTo = strings.TrimSpace(e.Type), strings.TrimSpace(e.At), strings.TrimSpace(e.ValidTo)
		e.Reason, e.Actor = strings.TrimSpace(e.Reason), strings.TrimSpace(e.Actor)
		if _, known := next[e.Type]; !known || e.Type == "" {
			f.Set(at+".type", "环节类型无效：应为申请、受理、不予受理、准予许可、不予许可、变更、延续、撤销、撤回或注销之一")
			return
		}
		if !slices.Contains(next[state], e.Type) {
			msg := "“" + EventLabel(e.Type) + "”不能在“" + EventLabel(state) + "”之后"
			if state == "" {
				msg = "第一个环节应为“申请”"
			}
			f.Set(at+".type", msg)
			return
		}
		d, err := law.ParseDate(e.At)
		switch {
		case err != nil:
			f.Set(at+".at", "日期应为YYYY-MM-DD格式的有效日期")
			return
		case d.After(today):
			f.Set(at+".at", "日期不能晚于今天（"+today.String()+"）")
			return
		case d.Before(last):
			f.Set(at+".at", "日期不能早于上一环节（"+last.String()+"）")
			return
		}
		e.At = d.String()
		if e.ValidTo != "" {
			v, err := law.ParseDate(e.ValidTo)
			if err != nil || (e.Type != Granted && e.Type != Renewed) || v.Before(d) {
				f.Set(at+".valid_to", "有效期至只用于准予许可和延续，且不能早于该环节的日期")
			} else {
				e.ValidTo = v.String()
			}
		}
		if needsReason(e.Type) && e.Reason == "" {
			f.Set(at+".reason", "请填写“"+EventLabel(e.Type)+"”的理由和依据")
		}
		textcheck.CheckLines(f, at+".reason", e.Reason, 1000)
		textcheck.CheckText(f, at+".actor", e.Actor, 64)
		state, last = e.Type, d
	}
}

// status is the licence's state after its steps (b normalized).
func (b *Body) status() string {
	s := ""
	for _, e := range b.Events {
		if e.Type != Changed && e.Type != Renewed {
			s = e.Type
		}
	}
	return s
}

// dates are the first day of each step type.
func (b *Body) dates() map[string]string {
	out := map[string]string{}
	for _, e := range b.Events {
		if out[e.Type] == "" {
			out[e.Type] = e.At
		}
	}
	return out
}

// hash identifies the normalized body: a replay of it changes nothing.
func (b *Body) hash() (string, []byte, error) {
	raw, err := json.Marshal(b)
	if err != nil {
		return "", nil, err
	}
	h := sha256.Sum256(raw)
	return hex.EncodeToString(h[:]), raw, nil
}
