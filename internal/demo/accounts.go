package demo

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"slices"
	"time"

	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

type accountPlan struct {
	n     auth.NewAccount
	scope string
}

// makeAccounts plans one login per role. The officer, reviewer and head
// of 历下区市场监督管理局 are officers of that agency with a valid
// certificate (the reviewer holds the 法制审核 qualification).
func makeAccounts(rng *rand.Rand, today time.Time, byKey map[string]*registry.Agency, officers []*officerPlan) []accountPlan {
	acc := func(user, name string, role auth.Role, region, agency, scope string) accountPlan {
		return accountPlan{n: auth.NewAccount{Username: user, DisplayName: name, Password: DemoPassword, Role: role,
			Region: region, Agency: agency}, scope: scope}
	}
	officerAcc := func(user string, o *officerPlan, role auth.Role, a *registry.Agency) accountPlan {
		ap := acc(user, o.o.Name, role, a.RegionCode, a.Code, a.Name+"（执法证"+o.o.CertNo+"）")
		ap.n.OfficerCert = o.o.CertNo
		return ap
	}
	out := []accountPlan{
		acc("admin", "系统管理员", auth.RoleAdmin, "370000", "", "山东省（370000）全部数据"),
		acc("jinan", "济南市司法局执法监督科", auth.RoleSupervisor, "370100", "", "济南市（370100）全市行政执法监督"),
	}
	if a := byKey["lx-sfj"]; a != nil {
		out = append(out, acc("lixia", "济南市历下区司法局", auth.RoleSupervisor, a.RegionCode, "", "济南市历下区（370102）行政执法监督"))
	}
	if a := byKey["jn-sj"]; a != nil {
		out = append(out, acc("shijianju", "济南市市场监督管理局管理员", auth.RoleAgencyAdmin, a.RegionCode, a.Code, a.Name))
	}
	if a := byKey["lx-sj"]; a != nil {
		out = append(out, acc("lixia_sj", "历下区市场监督管理局管理员", auth.RoleAgencyAdmin, a.RegionCode, a.Code, a.Name))
		var valid []*officerPlan
		for _, p := range officers {
			if p.o.AgencyCode == a.Code && p.status == "" && p.o.CertValidFrom <= day(today) && p.o.CertValidTo >= day(today) {
				valid = append(valid, p)
			}
		}
		if len(valid) >= 3 {
			off, rev, head := valid[0], valid[1], valid[2]
			if i := slices.IndexFunc(valid, func(p *officerPlan) bool { return len(p.o.Qualifications) == 0 }); i >= 0 {
				off = valid[i]
			}
			if i := slices.IndexFunc(valid, func(p *officerPlan) bool {
				return p != off && slices.Contains(p.o.Qualifications, "legal_review")
			}); i >= 0 {
				rev = valid[i]
			} else {
				// The plan is not written yet, so granting the qualification here
				// keeps the account and the officer record consistent.
				rev = firstOther(valid, off)
				rev.o.Qualifications = append(rev.o.Qualifications, "legal_review")
			}
			head = firstOther(valid, off, rev)
			out = append(out,
				officerAcc("officer", off, auth.RoleOfficer, a),
				officerAcc("reviewer", rev, auth.RoleReviewer, a),
				officerAcc("head", head, auth.RoleHead, a),
			)
		}
	}
	totalW := 0
	for _, s := range surnames {
		totalW += s.w
	}
	out = append(out, acc("shehui", personName(rng, totalW, rng.IntN(2) == 0), auth.RoleSocial, "370100", "", "济南市（370100）社会监督"))
	return out
}

func firstOther(ps []*officerPlan, not ...*officerPlan) *officerPlan {
	for _, p := range ps {
		if !slices.Contains(not, p) {
			return p
		}
	}
	return nil
}

// createAccounts stores the planned accounts and audits each, in one
// transaction. A username already taken (e.g. an administrator created at
// first start) is left alone and not listed, since its password is not ours.
func createAccounts(ctx context.Context, db *store.DB, plans []accountPlan) ([]Login, error) {
	var logins []Login
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		logins = nil
		for _, ap := range plans {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM accounts WHERE username = $1`, ap.n.Username).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := auth.CreateAccount(ctx, tx, ap.n); err != nil {
				return failed("账号"+ap.n.Username, err)
			}
			after := map[string]string{"username": ap.n.Username, "display_name": ap.n.DisplayName, "role": string(ap.n.Role),
				"region_code": ap.n.Region, "agency_code": ap.n.Agency}
			if err := audit.Record(ctx, tx, system, "create", "account", ap.n.Username, ap.n.Region, nil, after); err != nil {
				return err
			}
			logins = append(logins, Login{Username: ap.n.Username, Password: ap.n.Password, Name: ap.n.DisplayName,
				Role: ap.n.Role.Label(), Scope: ap.scope})
		}
		return nil
	})
	return logins, err
}
