#!/bin/sh
# Rebuilds states.txt and blobs/ from git history: one line per commit that
# changed internal/store/migrations, naming each migration file's git blob
# as it was in that commit (TestUpgradeFromEveryRelease builds each).
# Run from the repository root after a release: internal/store/testdata/shipped/update.sh
set -e
D=internal/store/testdata/shipped
mkdir -p $D/blobs
: > $D/states.txt
for c in $(git log --reverse --format=%h -- internal/store/migrations); do
	line="$c $(git log -1 --format=%ad --date=short $c)"
	for e in $(git ls-tree $c internal/store/migrations/ | awk '{print $3":"$4}'); do
		b=${e%%:*}
		git cat-file -p $b > $D/blobs/$b.sql
		line="$line $(basename ${e#*:})=$b"
	done
	echo "$line" >> $D/states.txt
done
