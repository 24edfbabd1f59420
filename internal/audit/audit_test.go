package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var (
	admin   = &auth.Principal{ID: 1, Name: "管理员", Role: auth.RoleAdmin}
	jinan   = &auth.Principal{ID: 2, Name: "济南监督", Role: auth.RoleSupervisor, Region: "370100"}
	lixia   = &auth.Principal{ID: 3, Name: "历下监督", Role: auth.RoleSupervisor, Region: "370102"}
	qingdao = &auth.Principal{ID: 4, Name: "青岛监督100%", Role: auth.RoleSupervisor, Region: "370200"}
)

// pinned carries the clock the entries are stamped with.
var pinned = clock.With(context.Background(), clock.Pinned("2025-03-01"))

func record(t *testing.T, db *store.DB, p *auth.Principal, action, entity, key, region string, before, after any) {
	t.Helper()
	if err := audit.Record(pinned, db.W, p, action, entity, key, region, before, after); err != nil {
		t.Fatalf("Record: %v", err)
	}
}

func keys(es []audit.Entry) []string {
	out := []string{}
	for _, e := range es {
		out = append(out, e.Key)
	}
	return out
}

func TestRecordStoresEntry(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		type obj struct {
			Name string `json:"name"`
		}
		record(t, db, jinan, "update", "agency", "K1", "370102", obj{"旧"}, &obj{"新"})
		record(t, db, nil, "create", "agency", "K2", "370102", nil, map[string]int{"n": 1})
		var nilPtr *obj
		record(t, db, admin, "delete", "agency", "K3", "370102", nilPtr, nil)

		es, total, err := audit.List(ctx, db, admin, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(es) != 3 {
			t.Fatalf("List: total %d, %d entries; want 3", total, len(es))
		}
		if got := keys(es); !reflect.DeepEqual(got, []string{"K3", "K2", "K1"}) {
			t.Errorf("order %v, want newest first", got)
		}
		e := es[2]
		if e.Actor != "济南监督" || e.ActorRole != "supervisor" || e.Action != "update" || e.Entity != "agency" || e.Region != "370102" {
			t.Errorf("entry = %+v", e)
		}
		if e.Before != `{"name":"旧"}` || e.After != `{"name":"新"}` {
			t.Errorf("before/after = %q / %q", e.Before, e.After)
		}
		if !e.At.Equal(clock.Now(pinned)) {
			t.Errorf("At = %v, want the context's clock %v", e.At, clock.Now(pinned))
		}
		if sys := es[1]; sys.Actor != "系统" || sys.ActorRole != "" || sys.Before != "" || sys.After != `{"n":1}` {
			t.Errorf("entry without principal = %+v; want actor 系统, empty before", sys)
		}
		if del := es[0]; del.Before != "" || del.After != "" {
			t.Errorf("typed nil / nil must be stored as \"\", got %q / %q", del.Before, del.After)
		}
	})
}

func TestRecordIsPartOfTheTransaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		boom := errors.New("change failed")
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			if err := audit.Record(ctx, tx, admin, "create", "agency", "RB", "370102", nil, "x"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if _, total, _ := audit.List(ctx, db, admin, audit.Filter{}); total != 0 {
			t.Errorf("an audit row of a rolled-back change survived (%d rows)", total)
		}
	})
}

func TestListFiltersAndRegionScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		record(t, db, lixia, "create", "agency", "A1", "370102", nil, 1)  // 历下区
		record(t, db, jinan, "update", "agency", "A1", "370102", 1, 2)    // 历下区
		record(t, db, jinan, "create", "officer", "O1", "370103", nil, 1) // 市中区
		record(t, db, jinan, "create", "matter", "M1", "370100", nil, 1)  // 济南市 itself
		record(t, db, qingdao, "create", "agency", "D1", "370202", nil, 1)
		record(t, db, admin, "create", "account", "u1", "", nil, 1) // national
		record(t, db, admin, "create", "agency", "X1", "370102", nil, 1)

		for _, c := range []struct {
			name string
			p    *auth.Principal
			f    audit.Filter
			want []string
		}{
			{"admin sees all", admin, audit.Filter{}, []string{"X1", "u1", "D1", "M1", "O1", "A1", "A1"}},
			{"city subtree", jinan, audit.Filter{}, []string{"X1", "M1", "O1", "A1", "A1"}},
			{"county subtree", lixia, audit.Filter{}, []string{"X1", "A1", "A1"}},
			{"other city", qingdao, audit.Filter{}, []string{"D1"}},
			{"anonymous sees nothing", nil, audit.Filter{}, []string{}},
			{"entity", jinan, audit.Filter{Entity: "agency"}, []string{"X1", "A1", "A1"}},
			{"entity and key", admin, audit.Filter{Entity: "agency", Key: "A1"}, []string{"A1", "A1"}},
			{"key outside scope", lixia, audit.Filter{Key: "D1"}, []string{}},
			{"actor substring", admin, audit.Filter{Actor: "济南"}, []string{"M1", "O1", "A1"}},
			{"actor with wildcard is literal", admin, audit.Filter{Actor: "100%"}, []string{"D1"}},
			{"actor underscore is literal", admin, audit.Filter{Actor: "_"}, []string{}},
		} {
			t.Run(c.name, func(t *testing.T) {
				es, total, err := audit.List(ctx, db, c.p, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := keys(es); !reflect.DeepEqual(got, c.want) || total != len(c.want) {
					t.Errorf("got %v (total %d), want %v", got, total, c.want)
				}
			})
		}
	})
}

func TestListPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for i := 1; i <= 7; i++ {
			record(t, db, admin, "create", "agency", fmt.Sprint("K", i), "370102", nil, i)
		}
		for _, c := range []struct {
			page, size int
			want       []string
		}{
			{1, 3, []string{"K7", "K6", "K5"}},
			{2, 3, []string{"K4", "K3", "K2"}},
			{3, 3, []string{"K1"}},
			{4, 3, []string{}},
			{0, 0, []string{"K7", "K6", "K5", "K4", "K3", "K2", "K1"}}, // defaults: first page of 50
		} {
			es, total, err := audit.List(ctx, db, jinan, audit.Filter{Page: c.page, Size: c.size})
			if err != nil {
				t.Fatal(err)
			}
			if total != 7 || !reflect.DeepEqual(keys(es), c.want) {
				t.Errorf("page %d size %d: %v (total %d), want %v (total 7)", c.page, c.size, keys(es), total, c.want)
			}
		}
	})
}
