#!/usr/bin/env bash
# A throwaway one-node SLURM cluster under a folder, for the SLURM integration tests (no systemd,
# no accounting): munged on a private socket, a generated slurm.conf, slurmctld and slurmd.
#   scripts/slurm-cluster.sh start DIR   # prints the SLURM_CONF path once the node is idle
#   scripts/slurm-cluster.sh stop DIR    # stops every daemon by the PID in its pid file
set -euo pipefail
command="${1:?usage: slurm-cluster.sh start|stop DIR}"
dir="$(mkdir -p "${2:?usage: slurm-cluster.sh start|stop DIR}" && cd "$2" && pwd)"

stop() {
  for pidfile in "$dir"/run/slurmd.pid "$dir"/run/slurmctld.pid "$dir"/run/munged.pid; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      rm -f "$pidfile"
    fi
  done
}

if [ "$command" = stop ]; then stop; exit 0; fi
[ "$command" = start ] || { echo "unknown command $command" >&2; exit 2; }
for tool in munged mungekey slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SLURM not available: $tool is missing (apt-get install slurmctld slurmd slurm-client munge)" >&2; exit 3; }
done
stop
mkdir -p "$dir"/{etc,run,log,spool/ctld,spool/d,munge}
chmod 700 "$dir/munge"
mungekey --create --keyfile="$dir/munge/munge.key" --force >/dev/null 2>&1 || mungekey -c -k "$dir/munge/munge.key" -f
chmod 600 "$dir/munge/munge.key"
munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
       --pid-file="$dir/run/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munge.seed"
host=$(hostname -s)
# Ports of our own, so that a cluster already running on this machine cannot collide with this one.
port_base=$(( 20000 + ($$ % 4000) * 2 ))
cpus=$(nproc)
memory=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 512 ))
cat > "$dir/etc/slurm.conf" <<CONF
ClusterName=pipeline-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/spool/ctld
SlurmdSpoolDir=$dir/spool/d
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=${SLURMCTLD_PORT:-$port_base}
SlurmdPort=${SLURMD_PORT:-$((port_base + 1))}
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MinJobAge=600
SchedulerType=sched/builtin
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/etc/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
deadline=$(( $(date +%s) + 40 ))
while [ "$(date +%s)" -lt "$deadline" ]; do
  for daemon in slurmctld slurmd; do
    if [ -f "$dir/run/$daemon.pid" ] && ! kill -0 "$(cat "$dir/run/$daemon.pid")" 2>/dev/null; then
      echo "$daemon exited at start-up; its log:" >&2; tail -n 5 "$dir/log/$daemon.log" >&2; stop; exit 4
    fi
  done
  state=$(timeout 5 sinfo -h -o %T 2>/dev/null | head -n 1 || true)
  if [ "$state" = idle ]; then echo "$SLURM_CONF"; exit 0; fi
  sleep 0.3
done
echo "the SLURM node did not become idle (state: ${state:-none}); logs in $dir/log" >&2
tail -n 20 "$dir"/log/*.log >&2 || true
stop
exit 4
