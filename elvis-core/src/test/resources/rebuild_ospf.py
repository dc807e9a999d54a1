"""Rebuilds every OSPF packet of a pcap with scapy and compares bytes.

Each packet (IP protocol 89) is dissected by scapy's contrib OSPF layers; the packet length and
checksum and every LSA's length and Fletcher checksum are deleted so that scapy computes them
itself, then the packet is built again. Prints one line per differing packet, then
'packets=N differing=M lsas=K'. Run with /usr/bin/python3.
"""
import sys
from scapy.all import rdpcap, raw, IP, load_contrib
load_contrib("ospf")
from scapy.contrib.ospf import OSPF_Hdr, OSPF_LSUpd, OSPF_Router_LSA, OSPF_Network_LSA

packets = differing = lsas = 0
for pkt in rdpcap(sys.argv[1]):
    if IP not in pkt or pkt[IP].proto != 89:
        continue
    packets += 1
    payload = raw(pkt[IP].payload)
    ospf = OSPF_Hdr(payload)
    del ospf.len
    del ospf.chksum
    if OSPF_LSUpd in ospf:
        for lsa in ospf[OSPF_LSUpd].lsalist:
            lsas += 1
            del lsa.len
            del lsa.chksum
    rebuilt = raw(ospf)
    if rebuilt != payload:
        differing += 1
        print(f"packet {packets}: ours {payload.hex()} scapy {rebuilt.hex()}")
print(f"packets={packets} differing={differing} lsas={lsas}")
