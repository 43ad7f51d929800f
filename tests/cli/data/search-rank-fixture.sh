# Sourced by t0840: builds repository r (40 assets of every lifecycle state,
# engagement in two stages) deterministically, so that search rankings can
# be compared with the ones recorded before search read its priors from a
# cache (t0840-search-rank.expected).
make_repo r &&
cat >>r/contentcal.yml <<-"YML" &&
engagement: {half_life_days: 45, min_sample: 3, weights: {views: 1, downloads: 4}}
search: {weights: {text: 1, relevance: 0.5, freshness: 0.4}}
YML
i=0 &&
while [ $i -lt 40 ]; do
	case $((i % 5)) in
	0) st="status: published" ex="review_by: 2027-06-01" ;;
	1) st="status: published" ex="expires: 2026-09-01" ;;
	2) st="status: published" ex="review_by: 2026-08-01" ;;
	3) st="status: draft" ex="due: 2026-12-01" ;;
	*) st="status: published" ex="format: datasheet" ;;
	esac &&
	case $((i % 3)) in 0) sg=awareness ;; 1) sg=consideration ;; *) sg=decision ;; esac &&
	w1="migration" && w2="zero trust" && w3="pricing" &&
	[ $((i % 2)) -eq 0 ] || w1="migrations plan" &&
	[ $((i % 4)) -ne 3 ] || w2="identity" &&
	body=$(printf "%s %s. %s %s %s." "$w1" "$w2" "$w3" "$(printf "cloud %.0s" $(seq 1 $((i % 7 + 1))))" "$w1") &&
	title="Asset $i $( [ $((i % 6)) -eq 0 ] && echo "Migration guide" || echo "notes")" &&
	add_asset r "content/a$i.md" "title: $title" "$st" "$ex" "date: 2026-0$((i % 6 + 1))-10" \
		"stage: $sg" "persona: cio" "summary: about $w3 $( [ $((i % 4)) -eq 0 ] && echo migration)" &&
	printf "\n%s\n" "$body" >>"r/content/a$i.md" &&
	{ [ $i -ne 19 ] || commit r "first half" 2026-02-01T10:00:00+00:00; } || return 1
	i=$((i + 1))
done &&
commit r "second half" 2026-07-01T10:00:00+00:00 &&
{
	echo "date,asset,views,downloads" &&
	i=0 &&
	while [ $i -lt 40 ]; do
		[ $((i % 3)) -eq 2 ] ||
			printf "2026-%02d-%02d,content/a%d.md,%d,%d\n" $((i % 10 + 1)) $((i % 27 + 1)) $i \
				$(((i * 37) % 101)) $((i % 4)) || return 1
		i=$((i + 1))
	done
} >e.csv &&
contentcal -C r ingest "$PWD/e.csv" >/dev/null
