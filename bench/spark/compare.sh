#!/usr/bin/env bash
# The Spark job in local mode against `timbre predict` on the same files and cores, as whole processes: the two
# commands alternate (Spark, predict, Spark, predict, ...) so that a noisy host slows both alike, and each pair gives
# a ratio of wall times. Both run with one C heap arena, as ./timbre sets it.
#
#   bench/spark/compare.sh [--reps 3] [--master 'local[2]'] FOLDER...
#
# FOLDER: the audio to tag (the measurements use the demo's 100 test clips hard-linked five times over). Needs the
# job jar (./mvnw -B package builds target/timbre-spark.jar), GNU time (/usr/bin/time) and the network or a Maven
# repository holding Spark: the first run builds a Spark home of the pom's Spark version under target/spark-home
# (Spark's libraries, nothing of timbre's) and runs Spark's own launcher on it, as bin/spark-submit does. One
# uncounted pair runs first, so that both start from a warm page cache. Prints a Markdown table and the median ratio.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reps=3 master='local[2]' inputs=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --reps) reps=$2; shift 2 ;;
    --master) master=$2; shift 2 ;;
    -*) echo "compare.sh: unknown option $1" >&2; exit 2 ;;
    *) [[ -d $1 ]] || { echo "compare.sh: $1: no such folder" >&2; exit 2; }
       inputs+=("$(cd "$1" && pwd)"); shift ;;
  esac
done
[[ ${#inputs[@]} -gt 0 ]] || { echo "usage: bench/spark/compare.sh [--reps N] [--master M] FOLDER..." >&2; exit 2; }
jar=$root/target/timbre-spark.jar
[[ -f $jar ]] || { echo "compare.sh: $jar is missing: ./mvnw -B package builds it" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "compare.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }

pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$root/pom.xml" | head -1; }
spark_version=$(pom_property spark.version)
scala=$(pom_property scala.binary.version)
home=$root/target/spark-home
if [[ ! -f $home/VERSION || $(cat "$home/VERSION") != "$spark_version $scala" ]]; then
  classpath=$root/target/spark-classpath.txt
  "$root/mvnw" -B -q -f "$root/bench/spark/distribution-pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dspark.version="$spark_version" -Dscala.binary.version="$scala" -Dmdep.outputFile="$classpath"
  rm -rf "$home" && mkdir -p "$home/jars"
  tr ":" "\n" < "$classpath" | while read -r j || [[ -n $j ]]; do ln -s "$j" "$home/jars/"; done
  echo "$spark_version $scala" > "$home/VERSION"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export MALLOC_ARENA_MAX=1 TIMBRE_PROGRESS=0 SPARK_HOME=$home SPARK_SCALA_VERSION=$scala
# Spark's launcher prints the driver's command after a NUL line, its words separated by NULs.
java -Xmx128m -cp "$home/jars/*" org.apache.spark.launcher.Main org.apache.spark.deploy.SparkSubmit \
  --master "$master" --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
  --conf spark.driver.bindAddress=127.0.0.1 --conf spark.sql.warehouse.dir="$work/warehouse" \
  "$jar" --out "$work/out" "${inputs[@]}" > "$work/launch"
mapfile -d '' -t words < <(python3 -c "
import sys
raw = open(sys.argv[1], 'rb').read()
sys.stdout.buffer.write(b'\0'.join(w for w in raw[raw.index(b'\0\n') + 2:].split(b'\0') if w) + b'\0')" "$work/launch")

# run NAME COMMAND...: prints "wall cpu peak_mib" of the whole process; its stdout and stderr go to $work/NAME.
# Exit status 2 from either command means some files failed to decode and the rest were tagged: both report them
# (Spark as error rows), so the comparison stands; any other failure ends it.
run() {
  local name=$1 code=0; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" > "$work/$name.out" 2> "$work/$name.err" || code=$?
  if [[ $code != 0 && $code != 2 ]]; then
    echo "compare.sh: $name failed (exit $code):" >&2; tail -5 "$work/$name.err" >&2; exit 1
  fi
  read -r wall user sys kb < <(tail -1 "$work/$name.time")   # GNU time puts a line about a non-zero status first
  python3 -c "print(f'{$wall:.1f} {$user + $sys:.1f} {$kb / 1024:.0f}')"
}
spark() { rm -rf "$work/out"; run spark "${words[@]}"; }
predict() { run predict "$root/timbre" predict --format json --stats "${inputs[@]}"; }

spark > /dev/null; predict > /dev/null
echo "| pair | Spark $master wall / CPU / peak MiB | predict wall / CPU / peak MiB | wall ratio predict/Spark |"
echo "| --- | --- | --- | --- |"
ratios=()
for ((i = 1; i <= reps; i++)); do
  read -r sw sc sm < <(spark)
  read -r pw pc pm < <(predict)
  r=$(python3 -c "print(f'{$pw / $sw:.2f}')")
  ratios+=("$r")
  echo "| $i | $sw s / $sc s / $sm | $pw s / $pc s / $pm | $r |"
done
echo
echo "Spark's own line: $(grep -h 'real time' "$work/spark.out" | tail -1)"
echo "predict's --stats: $(grep -h 'real time' "$work/predict.err" | tail -1)"
median=$(printf '%s\n' "${ratios[@]}" | python3 -c "import sys; v=sorted(float(x) for x in sys.stdin); n=len(v); print(f'{(v[(n-1)//2]+v[n//2])/2:.2f}')")
echo "Spark reached ${median}x of predict's speed (median of $reps pairs)"
