package demo

import (
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/cases"
	"zfjd/internal/registry"
)

// The event helpers the demo stories are written with.

// decision is the usual path of a general-procedure penalty case, filed f
// days ago and decided d days ago; the caller adds what follows.
func (l *caseLoader) decision(team []string, f, d int, hearingRight bool, tier string, ps ...cases.Penalty) []cases.Event {
	hr := hearingRight
	return []cases.Event{
		{Type: "filed", At: l.at(f), Officers: team, Actor: "分管负责人"},
		{Type: "investigation", At: l.at(f - 2), Officers: team, Note: "现场检查、询问当事人、调取经营记录"},
		{Type: "investigation_concluded", At: l.at(d + 25), Officers: team, Note: "违法事实清楚，证据确凿，建议给予行政处罚"},
		{Type: "notified", At: l.at(d + 20), Officers: team, HearingRight: &hr, Note: proposal(ps)},
		{Type: "decided", At: l.at(d), Outcome: "penalty", Tier: tier, Penalties: ps, Actor: "机关负责人"},
	}
}

// proposal is what a notice tells the party is intended (处罚法 Art. 44).
func proposal(ps []cases.Penalty) string {
	var parts []string
	for _, p := range ps {
		s := cases.PenaltyLabels[p.Kind]
		switch {
		case p.Kind == "fine":
			s = fmt.Sprintf("罚款人民币%d元", p.AmountFen/100)
		case p.AmountFen > 0:
			s += fmt.Sprintf("%d元", p.AmountFen/100)
		case p.Note != "":
			s += "（" + p.Note + "）"
		}
		parts = append(parts, s)
	}
	return "拟给予" + strings.Join(parts, "、") + "的行政处罚"
}

func (l *caseLoader) served(team []string, n int) cases.Event {
	return cases.Event{Type: "delivered", At: l.at(n), Officers: team, Note: "直接送达"}
}

func (l *caseLoader) paid(n int, yuan int64) cases.Event {
	v := yuan * 100
	return cases.Event{Type: "paid", At: l.at(n), AmountFen: &v}
}

func (l *caseLoader) published(n int) cases.Event { return cases.Event{Type: "published", At: l.at(n)} }

func (l *caseLoader) review(a *registry.Agency, team []string, n int) cases.Event {
	return cases.Event{Type: "legal_review", At: l.at(n), Result: "pass", Reviewer: l.reviewer(a, team),
		Note: "事实清楚，证据确凿，适用依据正确，程序合法，处罚适当"}
}

// account is the certificate of the demo login username when it acts for
// agency a as one of its officers, "" otherwise.
func (l *caseLoader) account(a *registry.Agency, username string) string {
	for _, ap := range l.p.accounts {
		if ap.n.Username == username && ap.n.Agency == a.Code {
			return ap.n.OfficerCert
		}
	}
	return ""
}

// reviewer is the agency's legal reviewer for a case investigated by team:
// the demo reviewer's own officer when it is of the agency (so the login
// "reviewer" sees the reviews in his name), else another qualified officer.
func (l *caseLoader) reviewer(a *registry.Agency, team []string) string {
	if c := l.account(a, "reviewer"); c != "" && !slices.Contains(team, c) {
		return c
	}
	return l.other(a, "legal_review", team)
}

// deskTeam is the pair that investigates a case handled in zfjd: the demo
// officer's own officer with a colleague who is neither the demo reviewer
// nor the demo head (办、审、定分离 by person), so the logins see the acts
// recorded in their own names and may carry the open cases on.
func (l *caseLoader) deskTeam(a *registry.Agency, n int) []string {
	valid := l.officersOf(a, "")
	off := l.account(a, "officer")
	if off == "" || !slices.Contains(valid, off) {
		return l.team(a, n)
	}
	not := []string{off, l.account(a, "reviewer"), l.account(a, "head")}
	var partners []string
	for _, c := range valid {
		if !slices.Contains(not, c) {
			partners = append(partners, c)
		}
	}
	if len(partners) == 0 {
		return l.team(a, n)
	}
	return []string{off, partners[n%len(partners)]}
}
