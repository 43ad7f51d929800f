#!/usr/bin/env python3
"""deep-tree.py REPO DEPTH NAME BODY [PARENT]: adds to REPO a commit whose
tree nests DEPTH folders content/d/d/.../d holding NAME with BODY (beside the
repository's contentcal.yml), and prints the commit id. git's porcelain
cannot check out paths this long, so the objects are written as one pack
and indexed by git index-pack."""
import hashlib
import os
import subprocess
import sys
import zlib

repo, depth, name, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
parent = sys.argv[5] if len(sys.argv) > 5 else None
TYPES = {b"commit": 1, b"tree": 2, b"blob": 3}
pack = []


def put(kind, data):
    oid = hashlib.sha1(b"%s %d\0" % (kind, len(data)) + data).hexdigest()
    size, head = len(data), []
    byte = (TYPES[kind] << 4) | (size & 15)
    size >>= 4
    while size:
        head.append(byte | 0x80)
        byte, size = size & 0x7F, size >> 7
    head.append(byte)
    pack.append(bytes(head) + zlib.compress(data, 1))
    return oid


def entry(mode, ename, oid):
    return b"%s %s\0" % (mode, ename) + bytes.fromhex(oid)


with open(os.path.join(repo, "contentcal.yml"), "rb") as f:
    config = put(b"blob", f.read())
tree = put(b"tree", entry(b"100644", name.encode(), put(b"blob", body.encode().replace(b"\\n", b"\n"))))
for _ in range(depth):
    tree = put(b"tree", entry(b"40000", b"d", tree))
root = put(b"tree", entry(b"100644", b"contentcal.yml", config) + entry(b"40000", b"content", tree))
head = b"tree %s\n" % root.encode()
if parent:
    head += b"parent %s\n" % parent.encode()
who = b"Deep <deep@example.com> 1768471200 +0000"
commit = put(b"commit", head + b"author " + who + b"\ncommitter " + who + b"\n\ndeep\n")
data = b"PACK" + (2).to_bytes(4, "big") + len(pack).to_bytes(4, "big") + b"".join(pack)
data += hashlib.sha1(data).digest()
subprocess.run(["git", "-C", repo, "index-pack", "--stdin"], input=data, check=True,
               stdout=subprocess.DEVNULL)
print(commit)
