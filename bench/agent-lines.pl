#!/usr/bin/perl
# The agent of bench cases A and D, run by the real executor (AGENT_RUNTIME=command): reads its
# prompt, creates $BENCH_READY/$IV_RUN_ID (it is waiting), waits until the file $BENCH_GO exists (so
# every stream is connected before the first line),
# then prints `seq=<n> ts=<epoch µs> <padding>` at $BENCH_RATE lines/s for $BENCH_SECONDS seconds, the
# timestamp taken just before the line is written to stdout (unbuffered). Each run starts at a random
# phase within one line interval, so 100 runs do not all print in the same millisecond. It then exits
# with status 1 without a plan: with AGENT_MAX_RETRIES=1 the task fails and no worker ever starts.
use strict;
use warnings;
use Time::HiRes qw(gettimeofday usleep time);

$| = 1;
my $go = $ENV{BENCH_GO} or die "BENCH_GO is not set\n";
my $rate = $ENV{BENCH_RATE} // 20;
my $seconds = $ENV{BENCH_SECONDS} // 20;
my $padding = 'x' x ($ENV{BENCH_PAD} // 60);

1 while <STDIN>;    # the prompt: read it all, as an agent would
if (my $ready = $ENV{BENCH_READY}) {
    open(my $f, '>', "$ready/" . ($ENV{IV_RUN_ID} // $$)) or die "cannot write to $ready: $!\n";
    close $f;
}

my $waited = 0;
until (-e $go) {
    usleep(20_000);
    if (($waited += 0.02) > 600) {
        print STDERR "no $go after 600 s\n";
        exit 2;
    }
}

my $interval = 1 / $rate;
my $start = time + rand($interval);
my $lines = $rate * $seconds;
for my $seq (0 .. $lines - 1) {
    my $wait = $start + $seq * $interval - time;
    usleep($wait * 1e6) if $wait > 0;
    my ($s, $us) = gettimeofday;
    printf "seq=%d ts=%d%06d %s\n", $seq, $s, $us, $padding;
}
# With $BENCH_LINGER_S it stays that long before it ends: then no run ends (and none of the 100 runs'
# status events is fanned out) while another agent still prints its measured lines.
usleep(($ENV{BENCH_LINGER_S} // 0) * 1e6);
print STDERR "bench agent: $lines lines written; exiting without a plan\n";
exit 1;
