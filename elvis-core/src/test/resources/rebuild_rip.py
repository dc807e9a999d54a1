"""Rebuilds every RIP message of a pcap with scapy from its dissected fields and compares bytes.

RIP has no checksum or length to recompute, so an echo of the dissected layer would prove nothing:
each message is built anew from the field values scapy read (command, version, and per entry the
address family, route tag, address, mask, next hop and metric). Prints one line per differing
message, then 'messages=N differing=M entries=E'. Run with /usr/bin/python3.
"""
import sys
from scapy.all import rdpcap, raw, UDP
from scapy.layers.rip import RIP, RIPEntry

messages = differing = entries = 0
for pkt in rdpcap(sys.argv[1]):
    if UDP not in pkt or 520 not in (pkt[UDP].sport, pkt[UDP].dport):
        continue
    payload = raw(pkt[UDP].payload)
    messages += 1
    rip = RIP(payload)
    rebuilt = RIP(cmd=rip.cmd, version=rip.version)
    e = rip.payload
    while isinstance(e, RIPEntry):
        rebuilt = rebuilt / RIPEntry(AF=e.AF, RouteTag=e.RouteTag, addr=e.addr, mask=e.mask, nextHop=e.nextHop, metric=e.metric)
        entries += 1
        e = e.payload
    if raw(rebuilt) != payload:
        differing += 1
        print(f"message {messages}: ours {payload.hex()} scapy {raw(rebuilt).hex()}")
print(f"messages={messages} differing={differing} entries={entries}")
