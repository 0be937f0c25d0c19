#!/usr/bin/perl
# The planner agent of bench/log-panel-real.mjs, run by the real executor (AGENT_RUNTIME=command):
# reads its prompt, prints build-like lines at $BENCH_RATE lines/s for $BENCH_STEADY_S seconds (the
# frame-time window), then the rest up to $BENCH_TOTAL lines at up to $BENCH_FAST_RATE lines/s, and
# exits 1 without a plan (with AGENT_MAX_RETRIES=1 the task then fails and the log is finished).
use strict;
use warnings;
use Time::HiRes qw(usleep time);

$| = 1;
my $rate = $ENV{BENCH_RATE} // 2000;
my $steady = $ENV{BENCH_STEADY_S} // 16;
my $total = $ENV{BENCH_TOTAL} // 1_000_000;
my $fast = $ENV{BENCH_FAST_RATE} // 30_000;
my @words = qw(compiling linking testing resolving fetching checking bundling);

1 while <STDIN>;
my $n = 0;
my $emit = sub {
    my ($upto) = @_;
    while ($n < $upto) {
        $n++;
        my $word = $words[$n % @words];
        my $colour = $n % 50 == 0 ? "\e[33mwarning\e[0m" : "\e[32mok\e[0m";
        print "step $n: $word module_" . ($n % 977) . " ... $colour\n";
    }
};
# print in 10 ms slices so the rate is smooth
my $start = time;
while ($n < $total) {
    my $elapsed = time - $start;
    my $target = $elapsed < $steady ? $rate * $elapsed : $rate * $steady + $fast * ($elapsed - $steady);
    $target = $total if $target > $total;
    $emit->(int $target);
    usleep(10_000);
}
print STDERR "no plan: this agent only prints lines\n";
exit 1;
