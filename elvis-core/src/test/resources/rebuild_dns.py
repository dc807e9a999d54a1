"""Rebuilds every DNS message of a pcap with scapy from its dissected fields and compares bytes.

Messages over UDP port 53, and over TCP port 53 after the 2-byte length (one message per segment).
Scapy dissects names through compression pointers and writes them whole; dns_compress then
compresses them again, which must give our bytes. Prints one line per differing message, then
'messages=N differing=M'. Run with /usr/bin/python3.
"""
import sys
from scapy.all import rdpcap, raw, UDP, TCP
from scapy.layers.dns import DNS, dns_compress

messages = differing = compressed = 0
for pkt in rdpcap(sys.argv[1]):
    if UDP in pkt and 53 in (pkt[UDP].sport, pkt[UDP].dport):
        payload = raw(pkt[UDP].payload)
    elif TCP in pkt and 53 in (pkt[TCP].sport, pkt[TCP].dport) and len(pkt[TCP].payload) > 2:
        payload = raw(pkt[TCP].payload)[2:]
    else:
        continue
    messages += 1
    dns = DNS(payload)
    dns.clear_cache()
    if raw(dns) != payload:
        compressed += 1      # scapy's own rebuild writes names whole: proof it rebuilt rather than echoed
    rebuilt = raw(dns_compress(dns))
    if rebuilt != payload:
        differing += 1
        print(f"message {messages}: ours {payload.hex()} scapy {rebuilt.hex()}")
print(f"messages={messages} differing={differing} compressed={compressed}")
