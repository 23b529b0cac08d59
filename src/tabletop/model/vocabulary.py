"""Closed vocabularies of the domain: actor kinds, channels, HSEEP capabilities, UN norms."""

from __future__ import annotations

from typing import Literal, get_args

ActorKind = Literal["diplomatic", "technical", "government", "private", "international", "adversary", "media"]

Channel = Literal[
    "email",
    "phone",
    "liaison",
    "cbm",
    "diplomatic",
    "press",
    "social_media",
    "ticket",
    "briefing",
    "intelligence",
    "public",
    "technical",
]

# The 32 core capabilities of the U.S. National Preparedness Goal, as used by HSEEP.
Capability = Literal[
    "Planning",
    "Public Information and Warning",
    "Operational Coordination",
    "Forensics and Attribution",
    "Intelligence and Information Sharing",
    "Interdiction and Disruption",
    "Screening, Search, and Detection",
    "Access Control and Identity Verification",
    "Cybersecurity",
    "Physical Protective Measures",
    "Risk Management for Protection Programs and Activities",
    "Supply Chain Integrity and Security",
    "Community Resilience",
    "Long-term Vulnerability Reduction",
    "Risk and Disaster Resilience Assessment",
    "Threats and Hazards Identification",
    "Critical Transportation",
    "Environmental Response/Health and Safety",
    "Fatality Management Services",
    "Fire Management and Suppression",
    "Infrastructure Systems",
    "Logistics and Supply Chain Management",
    "Mass Care Services",
    "Mass Search and Rescue Operations",
    "On-scene Security, Protection, and Law Enforcement",
    "Operational Communications",
    "Public Health, Healthcare, and Emergency Medical Services",
    "Situational Assessment",
    "Economic Recovery",
    "Health and Social Services",
    "Housing",
    "Natural and Cultural Resources",
]

Phase = Literal[
    "preparation",
    "detection",
    "analysis",
    "containment",
    "eradication",
    "recovery",
    "lessons_learned",
    "evidence_handling",
    "notification",
    "assessment",
    "attribution",
    "consultation",
    "demarche",
    "public_statement",
    "coordination",
]

# UN GGE 2015 (A/70/174, para. 13), endorsed by UNGA res. 70/237.
UN_NORMS: dict[str, str] = {
    "un-norm-a": "cooperate to increase stability and security in the use of ICTs",
    "un-norm-b": "consider all relevant information, including context and the difficulty of attribution",
    "un-norm-c": "do not knowingly allow your territory to be used for internationally wrongful acts",
    "un-norm-d": "cooperate to exchange information, assist each other and prosecute criminal use",
    "un-norm-e": "respect human rights online, including privacy and freedom of expression",
    "un-norm-f": "do not conduct or support ICT activity that damages critical infrastructure",
    "un-norm-g": "protect your own critical infrastructure from ICT threats",
    "un-norm-h": "respond to appropriate requests for assistance from an attacked state",
    "un-norm-i": "ensure the integrity of the supply chain; prevent the spread of malicious tools",
    "un-norm-j": "encourage responsible reporting of ICT vulnerabilities",
    "un-norm-k": "do not harm authorised emergency response teams (CERTs/CSIRTs)",
}

HSEEP_RATINGS: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}

CAPABILITIES: tuple[str, ...] = get_args(Capability)
