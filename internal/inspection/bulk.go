package inspection

// JudgeBulk judges in for a bulk load (the scale generator's rows, written
// without the service): its events' times are parsed here, env is what
// the loader knows already (Env.Others the enterprise's other visits of
// the 365 days up to in's check-in day, from memory rather than the
// per-enterprise index read), and the warnings come in the order the
// service stores them. The rules are Judge's, the same as for a push.
func JudgeBulk(in *Inspection, env *Env) ([]Warning, error) {
	for i := range in.Events {
		w, err := parseWhen(in.Events[i].At)
		if err != nil {
			return nil, err
		}
		in.Events[i].when = w
	}
	j, err := Judge(in, env)
	if err != nil {
		return nil, err
	}
	sortWarnings(j.Warnings)
	return j.Warnings, nil
}
