package scale

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash"
	"sync"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// chunkSize is how many cases one transaction writes.
const chunkSize = 2000

var caseCols = []string{"id", "source_system", "source_id", "case_no", "title", "agency_code", "region_code", "matter_code",
	"procedure_kind", "party_kind", "party_name", "party_id_number", "party_json", "facts_json", "events_json", "body_hash", "status",
	"filed_on", "decided_on", "outcome", "tier", "fine_fen", "published_on", "withdrawn_on", "deadlines_json", "next_check",
	"created_at", "updated_at"}

var findingCols = []string{"id", "subject_kind", "subject_id", "rule", "fkey", "severity", "message", "basis", "due", "status",
	"region_code", "agency_code", "first_seen"}

type chunk struct {
	from, to int
	bulks    []*cases.Bulk
	err      error
	done     chan struct{}
}

// memLog is the record log's stored hashes in memory while the loader
// appends leaves, so each leaf's hashes cost no query.
type memLog struct {
	alg    ledger.Alg
	size   int64
	hashes []tlog.Hash
}

func (m *memLog) ReadHashes(idx []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(idx))
	for i, x := range idx {
		if x < 0 || x >= int64(len(m.hashes)) {
			return nil, fmt.Errorf("scale: stored hash %d not in memory", x)
		}
		out[i] = m.hashes[x]
	}
	return out, nil
}

func loadLog(ctx context.Context, db *store.DB) (*memLog, error) {
	m := &memLog{}
	var alg string
	if err := db.R.QueryRowContext(ctx, `SELECT size, hash_alg FROM log_state WHERE id = 1`).Scan(&m.size, &alg); err != nil {
		return nil, err
	}
	var err error
	if m.alg, err = ledger.ParseAlg(alg); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT id, hash FROM log_hashes ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var s string
		if err := rows.Scan(&id, &s); err != nil {
			return nil, err
		}
		b, err := hex.DecodeString(s)
		if err != nil || id != int64(len(m.hashes)) || len(b) != len(tlog.Hash{}) {
			return nil, fmt.Errorf("scale: log_hashes 不连续或损坏（%d）", id)
		}
		var hh tlog.Hash
		copy(hh[:], b)
		m.hashes = append(m.hashes, hh)
	}
	return m, rows.Err()
}

func writeCases(ctx context.Context, db *store.DB, w *World, today time.Time, o Options, sum *Summary, h hash.Hash) error {
	envs, err := newEnvs(ctx, db, w, clock.Today(ctx))
	if err != nil {
		return err
	}
	lg, err := loadLog(ctx, db)
	if err != nil {
		return err
	}
	caseBase, err := maxID(ctx, db, "cases")
	if err != nil {
		return err
	}
	findBase, err := maxID(ctx, db, "findings")
	if err != nil {
		return err
	}
	// Workers generate and judge chunks; the writer takes them in order.
	var chunks []*chunk
	for f := 0; f < o.Cases; f += chunkSize {
		chunks = append(chunks, &chunk{from: f, to: min(o.Cases, f+chunkSize), done: make(chan struct{})})
	}
	jobs := make(chan *chunk)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range jobs {
				for i := c.from; i < c.to && c.err == nil; i++ {
					cs := genCase(o.Seed, i, w, today)
					b, err := cases.PrepareBulk(cs, envs.env(cs))
					if err != nil {
						c.err = fmt.Errorf("生成的案件 %s 无效：%w%s", cs.SourceID, err, fieldsOf(err))
					}
					c.bulks = append(c.bulks, b)
				}
				close(c.done)
			}
		}()
	}
	inflight := make(chan struct{}, 2*o.Workers+2) // bounds the chunks held in memory
	go func() {
		defer close(jobs)
		for _, c := range chunks {
			select {
			case inflight <- struct{}{}:
			case <-cctx.Done():
				return
			}
			select {
			case jobs <- c:
			case <-cctx.Done():
				return
			}
		}
	}()
	defer wg.Wait()
	now := clock.Millis(ctx)
	at := clock.Now(ctx).In(clock.Shanghai).Format("2006-01-02T15:04:05.000Z07:00")
	started := time.Now()
	nextID, nextFinding := caseBase, findBase
	for k, c := range chunks {
		select {
		case <-c.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		if c.err != nil {
			return c.err
		}
		var crow, frow, lrow, hrow [][]any
		for _, b := range c.bulks {
			nextID++
			cs := b.Case
			crow = append(crow, []any{nextID, cs.SourceSystem, cs.SourceID, cs.CaseNo, cs.Title, cs.AgencyCode, cs.RegionCode, cs.MatterCode,
				cs.Procedure, cs.Party.Kind, cs.Party.Name, cs.Party.IDNumber, b.PartyJSON, b.FactsJSON, b.EventsJSON, b.BodyHash, cs.Status,
				b.Filed, b.Decided, b.Outcome, b.Tier, b.FineFen, b.Published, b.Withdrawn, b.DeadlinesJSON, b.NextCheck, now, now})
			hashRow(h, cs.SourceID, cs.Status, b.EventsJSON, b.DeadlinesJSON, b.NextCheck, b.BodyHash)
			sum.Cases++
			sum.Events += len(cs.Events)
			sum.Statuses[cs.Status]++
			for _, f := range b.Findings {
				nextFinding++
				frow = append(frow, []any{nextFinding, b.LedgerKind, nextID, f.Rule, f.Key, f.Severity, f.Message, f.Basis, f.Due, "open",
					cs.RegionCode, cs.AgencyCode, now})
				hashRow(h, cs.SourceID, f.Rule, f.Key, f.Severity, f.Due)
				sum.Findings++
				sum.Rules[f.Rule]++
			}
			// The record-log leaf, as ledger.Append writes it.
			idx := lg.size
			sha := lg.alg.Digest(b.LedgerContent)
			data, _ := json.Marshal(ledger.NewLeaf(lg.alg, idx, b.LedgerKind, b.LedgerRef, at, sha))
			hs, err := lg.alg.StoredHashes(idx, data, lg)
			if err != nil {
				return err
			}
			hb := tlog.StoredHashCount(idx)
			for i, x := range hs {
				hrow = append(hrow, []any{hb + int64(i), hex.EncodeToString(x[:])})
			}
			lg.hashes = append(lg.hashes, hs...)
			lg.size++
			lrow = append(lrow, []any{idx, b.LedgerKind, b.LedgerRef, string(data), sha, string(b.LedgerContent)})
			sum.Leaves++
		}
		c.bulks = nil
		<-inflight
		err := inTx(ctx, db, func(s sink) error {
			for _, t := range []struct {
				table string
				cols  []string
				rows  [][]any
			}{{"cases", caseCols, crow}, {"findings", findingCols, frow},
				{"log_leaves", []string{"idx", "kind", "ref", "data", "sha256", "content"}, lrow},
				{"log_hashes", []string{"id", "hash"}, hrow}} {
				if err := s.rows(ctx, t.table, t.cols, t.rows); err != nil {
					return err
				}
			}
			return s.exec(ctx, `UPDATE log_state SET size = $1 WHERE id = 1`, lg.size)
		})
		if err != nil {
			return err
		}
		if o.Progress != nil && (k%50 == 49 || k == len(chunks)-1) {
			el := time.Since(started).Seconds()
			o.progress("  案件 %d/%d（%.0f件/秒）", c.to, o.Cases, float64(c.to)/el)
		}
	}
	return nil
}
