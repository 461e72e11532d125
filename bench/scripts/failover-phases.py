#!/usr/bin/env python3
"""Phase by phase, each kill of a kill series (bench/scripts/kill-cycles.sh), from the test's output
and the nodes' logs: when a survivor downed the killed node as a gone process, when the leader
removed it, when the shard coordinator's singleton saw it removed, when the instruments started on
the survivors (within 20 s of the kill), how long each took from its start to its journal recovered,
its reconciliation with the venue and its book in sync, and when it sent or kept its first quotes.
All times in seconds after the kill, by the log stamps (one host, one clock).

    bench/scripts/failover-phases.py <test output> <directory of trader*.log>
"""
import glob
import re
import sys
from datetime import datetime

KILL = re.compile(
    r"cycle (\d+): SIGKILLed (trader\d)\(pekko://market-maker@([\d.:]+)\) at ([\d:.]+\d)")
QUOTES = re.compile(
    r"^(\d\d:\d\d:\d\d\.\d{3}) .* - (\S+): first quotes (sent|kept) ([\d.]+) ms after the entity"
    r" started.*journal recovered at ([\d.-]+)(?: ms)?, reconciled at ([\d.-]+)(?: ms)?, book in"
    r" sync at ([\d.-]+)(?: ms)?(?:; first diff at ([\d.-]+)(?: ms)?, snapshot at ([\d.-]+)"
    r"(?: ms)?, book live at ([\d.-]+)(?: ms)?)?\)")


def stamp(s):
    # java.time.LocalTime prints no fraction when it is zero.
    return datetime.strptime(s, "%H:%M:%S.%f" if "." in s else "%H:%M:%S")


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def seconds(ms):
    return float(ms) / 1000 if ms != "-" else float("nan")


def known(xs):
    return [x for x in xs if x == x]


def spread(xs):
    xs = known(xs)
    return "%.2f; %.2f" % (median(xs), max(xs)) if xs else "-"


def main(output, directory):
    kills = list(dict.fromkeys(KILL.findall(open(output).read())))
    logs = {f.split("/")[-1][:-4]: open(f).read().splitlines()
            for f in glob.glob(directory + "/trader*.log")}
    print("| cycle | downed | leader removes | coordinator sees it removed | instruments started"
          " (count) | from their start: journal / reconciled / book in sync, median; max |"
          " first quotes sent or kept: median / last | the book's steps from the start, first diff"
          " / snapshot / live: median; max |")
    print("|---|---|---|---|---|---|---|---|")
    for cycle, victim, address, at in kills:
        kill = stamp(at)
        downed = removed = coordinator = None
        rows = []
        for name, lines in logs.items():
            if name == victim:
                continue
            for line in lines:
                try:
                    d = (stamp(line[:12]) - kill).total_seconds()
                except ValueError:
                    continue
                if d < 0 or d > 30:
                    continue
                if downed is None and "downing pekko://market-maker@" + address in line:
                    downed = d
                if removed is None and "Leader is removing" in line and address in line:
                    removed = d
                if coordinator is None and (
                        "SymbolCoordinator] - Member removed [pekko://market-maker@" + address
                        in line):
                    coordinator = d
                m = QUOTES.search(line)
                if m:
                    start = d - float(m.group(4)) / 1000
                    if 0 <= start <= 20:
                        rows.append((start, d, seconds(m.group(5)), seconds(m.group(6)),
                                     seconds(m.group(7)), seconds(m.group(8) or "-"),
                                     seconds(m.group(9) or "-"), seconds(m.group(10) or "-")))
        if not rows:
            continue
        fmt = lambda v: "-" if v is None else "%.2f" % v
        starts = [r[0] for r in rows]
        print("| %s | %s | %s | %s | %.2f–%.2f (%d) | %.2f / %.2f / %.2f; %.2f / %.2f / %.2f |"
              " %.2f / %.2f | %s |" % (
                  cycle, fmt(downed), fmt(removed), fmt(coordinator), min(starts), max(starts),
                  len(rows), median([r[2] for r in rows]), median([r[3] for r in rows]),
                  median([r[4] for r in rows]), max(r[2] for r in rows),
                  max(r[3] for r in rows), max(r[4] for r in rows),
                  median([r[1] for r in rows]), max(r[1] for r in rows),
                  " / ".join(spread([r[k] for r in rows]) for k in (5, 6, 7))))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
