"""Rebuilds every frame of a pcap with scapy, recomputing checksums and lengths, and compares bytes.

Prints one line per frame that differs, then 'frames=N differing=M'. Run with /usr/bin/python3.
"""
import sys
from scapy.all import rdpcap, raw, Ether, IP, UDP, TCP

frames = differing = 0
for pkt in rdpcap(sys.argv[1]):
    frames += 1
    original = raw(pkt)
    p = Ether(original)
    fragment = False
    if IP in p:
        fragment = p[IP].flags.MF or p[IP].frag > 0     # a transport header there covers the whole datagram: kept as sent
        del p[IP].chksum
        del p[IP].len
    if UDP in p and not fragment:
        del p[UDP].chksum
        del p[UDP].len
    if TCP in p and not fragment:
        del p[TCP].chksum
        del p[TCP].dataofs
    rebuilt = raw(p)
    if rebuilt != original:
        differing += 1
        print(f"frame {frames}: ours {original.hex()} scapy {rebuilt.hex()}")
print(f"frames={frames} differing={differing}")
