package ledger

import (
	"context"
	"slices"

	"zfjd/internal/store"
)

// BatchSource reads many records of one kind as stored now in a few
// queries (a Source reads one per query): the canonical content of each
// ref found; a ref absent from the map is a deleted record.
type BatchSource func(ctx context.Context, q store.Querier, refs []string) (map[string][]byte, error)

// BatchSize is how many refs Verify gives a BatchSource at once.
const BatchSize = 500

// Sources are the readers of the records of each kind for Verify: a
// kind with a Batch reader is read through it, else through its One.
type Sources struct {
	One   map[string]Source
	Batch map[string]BatchSource
}

// stored reads the current content of the records refs of kind through
// the kind's batch reader when it has one, else one by one; ok is false
// when the kind has no reader at all.
func (s Sources) stored(ctx context.Context, q store.Querier, kind string, refs []string, each func(ref string, content []byte, found bool)) (bool, error) {
	if b := s.Batch[kind]; b != nil {
		slices.Sort(refs)
		for start := 0; start < len(refs); start += BatchSize {
			part := refs[start:min(start+BatchSize, len(refs))]
			got, err := b(ctx, q, part)
			if err != nil {
				return true, err
			}
			for _, ref := range part {
				c, found := got[ref]
				each(ref, c, found)
			}
		}
		return true, nil
	}
	src := s.One[kind]
	if src == nil {
		return false, nil
	}
	for _, ref := range refs {
		c, found, err := src(ctx, q, ref)
		if err != nil {
			return true, err
		}
		each(ref, c, found)
	}
	return true, nil
}
