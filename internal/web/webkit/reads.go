package webkit

import "zfjd/internal/store"

// ReadDB is the database list pages and the public portal read: the read
// replica when one is configured (--read-db), else the database itself.
// What was just written may appear there a moment later (replication
// delay), so a page that shows the result of a write reads DB.
func (k *Kit) ReadDB() *store.DB {
	if k.Reads != nil {
		return k.Reads
	}
	return k.DB
}
