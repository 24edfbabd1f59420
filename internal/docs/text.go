package docs

import (
	"fmt"
	"strings"
	"time"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/law"
)

var shanghai = clock.Shanghai

// cnDate writes a date as documents do since GB/T 9704-2012 §7.3.5.3:
// Arabic numerals, no leading zeros — 2024年6月1日. Anything that is not a
// date is returned as it is; "" stays "".
func cnDate(s string) string {
	if len(s) >= 10 {
		if d, err := law.ParseDate(s[:10]); err == nil {
			out := fmt.Sprintf("%d年%d月%d日", d.Y, int(d.M), d.D)
			if len(s) > 10 { // an RFC 3339 instant: add the local time
				if t, err := time.Parse(time.RFC3339, s); err == nil {
					t = t.In(shanghai)
					out = fmt.Sprintf("%d年%d月%d日%d时%02d分", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute())
				}
			}
			return out
		}
	}
	return s
}

// blank is a line to fill in by hand.
const blank = "＿＿＿＿＿＿"

// orBlank returns s, or a line to fill in when s is empty.
func orBlank(s string) string {
	if strings.TrimSpace(s) == "" {
		return blank
	}
	return s
}

// yuan formats fen as 5,000.00.
func yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	s := fmt.Sprintf("%d", fen/100)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("%s.%02d", b.String(), fen%100)
	if neg {
		out = "-" + out
	}
	return out
}

// upperYuan writes an amount in 大写 as on financial documents
// (中国人民银行《支付结算办法》附件 正确填写票据和结算凭证的基本规定):
// 50000000 fen → 伍拾万元整, 123456 fen → 壹仟贰佰叁拾肆元伍角陆分.
func upperYuan(fen int64) string {
	if fen <= 0 {
		return "零元整"
	}
	digits := []rune("零壹贰叁肆伍陆柒捌玖")
	units := []string{"", "拾", "佰", "仟"}
	big := []string{"", "万", "亿", "万"}
	intPart, jiao, fenPart := fen/100, (fen/10)%10, fen%10
	var b strings.Builder
	if intPart > 0 {
		ds := fmt.Sprint(intPart)
		zero := false // a zero waits to be written before the next non-zero digit
		for k, r := range ds {
			i := len(ds) - 1 - k // position: 0 = 个位
			d := int(r - '0')
			if d == 0 {
				zero = true
			} else {
				if zero {
					b.WriteRune('零')
				}
				zero = false
				b.WriteRune(digits[d])
				b.WriteString(units[i%4])
			}
			if i%4 == 0 && i > 0 {
				lo := max(0, k-3)
				if strings.Trim(ds[lo:k+1], "0") != "" { // the group of four ending here is not all zeros
					b.WriteString(big[i/4])
					zero = false
				}
			}
		}
		b.WriteString("元")
	}
	switch {
	case jiao == 0 && fenPart == 0:
		b.WriteString("整")
	case jiao == 0:
		b.WriteRune('零')
		b.WriteRune(digits[fenPart])
		b.WriteString("分")
	case fenPart == 0:
		b.WriteRune(digits[jiao])
		b.WriteString("角整")
	default:
		b.WriteRune(digits[jiao])
		b.WriteString("角")
		b.WriteRune(digits[fenPart])
		b.WriteString("分")
	}
	return strings.TrimPrefix(b.String(), "零")
}

// money writes an amount as documents do: 人民币伍仟元整（¥5,000.00）.
func money(fen int64) string {
	return "人民币" + upperYuan(fen) + "（¥" + yuan(fen) + "）"
}

// penaltyText describes one penalty of a decision.
func penaltyText(p cases.Penalty) string {
	label := cases.PenaltyLabels[p.Kind]
	if label == "" {
		label = p.Kind
	}
	s := label
	if p.AmountFen > 0 {
		s += money(p.AmountFen)
	}
	if n := strings.TrimSpace(p.Note); n != "" {
		s += "（" + n + "）"
	}
	return s
}

// penaltiesText joins a decision's penalties: 警告，罚款人民币……
func penaltiesText(ps []cases.Penalty) string {
	var out []string
	for _, p := range ps {
		out = append(out, penaltyText(p))
	}
	return strings.Join(out, "；")
}

// matterAct turns a matter name of the 权责清单 ("对……的行政处罚") into the
// act it punishes ("……").
func matterAct(name string) string {
	s := strings.TrimPrefix(name, "对")
	for _, suf := range []string{"的行政处罚", "行政处罚"} {
		if strings.HasSuffix(s, suf) {
			return strings.TrimSuffix(s, suf)
		}
	}
	return s
}

// cnCount writes a small count in Chinese numerals as periods are written
// in documents: 5 → 五, 10 → 十, 15 → 十五, 20 → 二十. Others stay Arabic.
func cnCount(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n > 0 && n < 10:
		return d[n]
	case n >= 10 && n < 100:
		s := "十" + d[n%10]
		if n >= 20 {
			s = d[n/10] + s
		}
		return s
	}
	return fmt.Sprint(n)
}
