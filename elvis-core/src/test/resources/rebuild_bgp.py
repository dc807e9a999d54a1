"""Rebuilds every BGP message of a pcap with scapy's BGP layer (4-octet AS numbers) and compares bytes.

Each TCP segment to or from port 179 is cut into messages by their header lengths; scapy dissects
each message, every length field is cleared so scapy computes it again from the dissected values,
and the rebuilt bytes must equal ours. Prints one line per differing message, then
'messages=N differing=M undissected=U'. Run with /usr/bin/python3.
"""
import sys
from scapy.all import rdpcap, raw, TCP, Packet, Raw, load_contrib

load_contrib("bgp")
from scapy.contrib.bgp import BGPHeader, BGPUpdate, bgp_module_conf  # noqa: E402

bgp_module_conf.use_2_bytes_asn = False

LENGTHS = {"len", "opt_param_len", "withdrawn_routes_len", "path_attr_len", "attr_len", "attr_ext_len",
           "param_length", "length", "segment_length"}


def clear(p):
    """Clears the length fields of p, its payloads and the packets in its list fields."""
    while isinstance(p, Packet) and p.name != "NoPayload":
        for f in p.fields_desc:
            name = f.name
            value = p.getfieldval(name)
            if name in LENGTHS and name in p.fields:
                del p.fields[name]
            if isinstance(value, list):
                for v in value:
                    clear(v)
            elif isinstance(value, Packet):
                clear(value)
        p = p.payload


def understood(p):
    """Whether scapy dissected every byte into fields. Its COMMUNITIES holds one value: the further
    4-byte values of a longer attribute are left as Raw, which we accept as that list's rest."""
    if p.type != 4 and not p.payload:
        return False
    q = p.copy()
    if BGPUpdate in q:
        for a in q[BGPUpdate].path_attr:
            if a.type_code == 8 and Raw in a.attribute and len(a.attribute[Raw].load) % 4 == 0:
                a.attribute[Raw].underlayer.remove_payload()
    return not q.haslayer(Raw)


messages = differing = undissected = 0
for pkt in rdpcap(sys.argv[1]):
    if TCP not in pkt or 179 not in (pkt[TCP].sport, pkt[TCP].dport):
        continue
    data = raw(pkt[TCP].payload)
    at = 0
    while at + 19 <= len(data):
        n = int.from_bytes(data[at + 16:at + 18], "big")
        ours = data[at:at + n]
        at += n
        messages += 1
        p = BGPHeader(ours)
        if not understood(p):
            undissected += 1         # scapy kept bytes it did not understand: no rebuild from fields
            print(f"message {messages} not dissected: {ours.hex()} as {p.summary()}")
        clear(p)
        rebuilt = raw(p)
        if rebuilt != ours:
            differing += 1
            print(f"message {messages}: ours {ours.hex()} scapy {rebuilt.hex()}")
print(f"messages={messages} differing={differing} undissected={undissected}")
