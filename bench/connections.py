"""Which process holds the server end of each TCP connection to a port, read from Linux's
/proc: how `tenantry serve --workers N` spread its clients' connections over its workers.

The server end of an accepted connection is a socket (an inode in /proc/net/tcp, with the
server's port as its local one) held by one process (a `socket:[inode]` link in
/proc/<pid>/fd). Used by the bench while wrk runs and by tests/test_serve_workers.py.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

_ESTABLISHED = "01"  # /proc/net/tcp's `st` column


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    found: set[int] = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue  # gone meanwhile
            # The parent pid is the 2nd field after the command (which is in parentheses).
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def socket_inodes(pid: int) -> set[int]:
    """The inodes of the sockets `pid` holds open."""
    inodes: set[int] = set()
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return inodes  # gone, or not ours to read
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[len("socket:[") : -1]))
    return inodes


def server_ends(server_port: int) -> dict[int, int]:
    """Established connections to `server_port` over IPv4: client port -> server end's inode."""
    ends: dict[int, int] = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], int(fields[9])
        if state == _ESTABLISHED and int(local.split(":")[1], 16) == server_port:
            ends[int(remote.split(":")[1], 16)] = inode
    return ends


def owners(server_port: int, server_pid: int) -> dict[int, int]:
    """Client port -> pid of the child of `server_pid` (a worker) that holds its connection;
    connections no child holds (not accepted yet, or another server's) are left out."""
    holder = {inode: pid for pid in children(server_pid) for inode in socket_inodes(pid)}
    return {
        client: holder[inode]
        for client, inode in server_ends(server_port).items()
        if inode in holder
    }


def per_worker(server_port: int, server_pid: int) -> Counter[int]:
    """How many of the connections to `server_port` each worker of `server_pid` holds."""
    return Counter(owners(server_port, server_pid).values())
