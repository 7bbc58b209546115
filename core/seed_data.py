"""Reference data for demo seeding: real Indian cities, areas, scans and typical prices (INR)."""

# name, state, GST state code, [(area, lat, lon, pincode)]
CITIES = [
    ("Pune", "Maharashtra", "27", [("Kothrud", 18.5074, 73.8077, "411038"), ("Aundh", 18.5590, 73.8078, "411007"),
                                   ("Viman Nagar", 18.5679, 73.9143, "411014"), ("Hadapsar", 18.5089, 73.9260, "411028"),
                                   ("Baner", 18.5590, 73.7868, "411045"), ("Shivajinagar", 18.5308, 73.8475, "411005")]),
    ("Mumbai", "Maharashtra", "27", [("Andheri West", 19.1364, 72.8296, "400053"), ("Bandra West", 19.0596, 72.8295, "400050"),
                                     ("Powai", 19.1176, 72.9060, "400076"), ("Dadar", 19.0178, 72.8478, "400014"),
                                     ("Thane West", 19.2183, 72.9781, "400601"), ("Chembur", 19.0522, 72.9005, "400071")]),
    ("Delhi", "Delhi", "07", [("Saket", 28.5245, 77.2066, "110017"), ("Rohini", 28.7383, 77.0822, "110085"),
                              ("Dwarka", 28.5921, 77.0460, "110075"), ("Lajpat Nagar", 28.5677, 77.2433, "110024"),
                              ("Karol Bagh", 28.6519, 77.1909, "110005")]),
    ("Bengaluru", "Karnataka", "29", [("Koramangala", 12.9352, 77.6245, "560034"), ("Indiranagar", 12.9784, 77.6408, "560038"),
                                      ("Whitefield", 12.9698, 77.7500, "560066"), ("Jayanagar", 12.9308, 77.5838, "560041"),
                                      ("HSR Layout", 12.9121, 77.6446, "560102")]),
    ("Hyderabad", "Telangana", "36", [("Banjara Hills", 17.4156, 78.4347, "500034"), ("Gachibowli", 17.4401, 78.3489, "500032"),
                                      ("Kukatpally", 17.4849, 78.4138, "500072"), ("Secunderabad", 17.4399, 78.4983, "500003")]),
    ("Chennai", "Tamil Nadu", "33", [("Adyar", 13.0012, 80.2565, "600020"), ("T. Nagar", 13.0418, 80.2341, "600017"),
                                     ("Anna Nagar", 13.0850, 80.2101, "600040"), ("Velachery", 12.9815, 80.2180, "600042")]),
    ("Kolkata", "West Bengal", "19", [("Salt Lake", 22.5867, 88.4171, "700091"), ("Park Street", 22.5553, 88.3514, "700016"),
                                      ("Ballygunge", 22.5280, 88.3659, "700019"), ("New Town", 22.5937, 88.4852, "700156")]),
    ("Ahmedabad", "Gujarat", "24", [("Navrangpura", 23.0365, 72.5611, "380009"), ("Satellite", 23.0300, 72.5176, "380015"),
                                    ("Maninagar", 22.9962, 72.6033, "380008"), ("Bodakdev", 23.0395, 72.5066, "380054")]),
    ("Jaipur", "Rajasthan", "08", [("Malviya Nagar", 26.8549, 75.8243, "302017"), ("Vaishali Nagar", 26.9124, 75.7435, "302021"),
                                   ("C-Scheme", 26.9080, 75.8040, "302001")]),
]

CENTER_NAMES = ["Lotus Diagnostics", "Sahyadri Imaging", "Apex Scan Centre", "Medscan Imaging", "Nirmal Diagnostics",
                "Suburban Diagnostics", "Prime Imaging", "CarePlus Scans", "Aarogya Imaging", "Metro Diagnostics"]

FASTING_4H = "Do not eat for 4 hours before the scan; water is fine. "
BRING = "Bring your prescription, a photo ID and any previous reports. "
METAL = "Remove jewellery, watches and hairpins; tell the staff about pacemakers, implants or metal fragments. "

# code, name, modality, body part, base/min/max price in rupees, minutes, report hours, prep
SERVICES = [
    ("MRI-BRAIN", "MRI Brain", "MRI", "Brain", 6500, 4500, 9000, 45, 24, METAL + BRING),
    ("MRI-KNEE", "MRI Knee", "MRI", "Knee", 5500, 4000, 8000, 40, 24, METAL + "Wear loose clothing. " + BRING),
    ("MRI-LSPINE", "MRI Lumbar Spine", "MRI", "Spine", 6000, 4500, 8500, 40, 24, METAL + BRING),
    ("MRI-SHOULDER", "MRI Shoulder", "MRI", "Shoulder", 6000, 4500, 8500, 40, 24, METAL + BRING),
    ("MRI-ABD", "MRI Abdomen (contrast)", "MRI", "Abdomen", 9000, 7000, 13000, 60, 48,
     FASTING_4H + METAL + "A recent creatinine report is needed for contrast. " + BRING),
    ("CT-BRAIN", "CT Brain (plain)", "CT", "Brain", 2500, 1800, 4000, 15, 12, METAL + BRING),
    ("CT-CHEST", "HRCT Chest", "CT", "Chest", 3500, 2500, 5500, 15, 12, METAL + BRING),
    ("CT-ABD", "CT Abdomen & Pelvis (contrast)", "CT", "Abdomen", 7000, 5000, 10000, 30, 24,
     FASTING_4H + "A recent creatinine report is needed for contrast. " + BRING),
    ("PETCT-WB", "PET-CT Whole Body", "PET-CT", "Whole body", 22000, 18000, 30000, 120, 48,
     "Fast for 6 hours; no sugar or sweets for 24 hours; avoid exercise the day before. "
     "Diabetics: ask us about your medicines. " + BRING),
    ("USG-ABD", "Ultrasound Whole Abdomen", "Ultrasound", "Abdomen", 1500, 900, 2500, 20, 4,
     "Fast for 6 hours. Drink 4-5 glasses of water an hour before and do not pass urine. " + BRING),
    ("USG-PELVIS", "Ultrasound Pelvis", "Ultrasound", "Pelvis", 1200, 800, 2000, 20, 4,
     "Drink 4-5 glasses of water an hour before the scan and hold your urine. " + BRING),
    ("USG-OBS", "Obstetric Ultrasound (NT scan)", "Ultrasound", "Pregnancy", 2200, 1500, 3500, 30, 4,
     "Drink 2-3 glasses of water an hour before. Bring previous pregnancy reports. " + BRING),
    ("XRAY-CHEST", "X-ray Chest PA", "X-ray", "Chest", 400, 250, 800, 10, 2, "Remove metal objects from the chest area. " + BRING),
    ("XRAY-KNEE", "X-ray Knee AP/Lateral", "X-ray", "Knee", 500, 300, 900, 10, 2, "Wear loose clothing. " + BRING),
    ("MAMMO-BI", "Digital Mammography (bilateral)", "Mammography", "Breast", 2500, 1800, 4000, 20, 24,
     "Do not use deodorant, powder or lotion under the arms or on the breasts on the day. "
     "Best done a week after your period. " + BRING),
    ("DEXA-SPINE", "DEXA Bone Density (spine & hip)", "DEXA", "Bone", 2000, 1500, 3500, 20, 24,
     "Do not take calcium supplements for 24 hours before. " + BRING),
]

STAFF = [  # name, email, role
    ("Asha Menon", "admin@medezy.in", "super_admin"),
    ("Rohit Kulkarni", "ops@medezy.in", "ops_manager"),
    ("Neha Shah", "finance@medezy.in", "finance"),
    ("Kabir Mehta", "marketing@medezy.in", "marketing"),
    ("Pooja Iyer", "support@medezy.in", "support_agent"),
]

PATIENT_NAMES = ["Aarav Sharma", "Priya Patel", "Rahul Verma", "Sneha Reddy", "Vikram Singh", "Ananya Gupta",
                 "Arjun Nair", "Kavya Joshi", "Rohan Das", "Isha Kapoor", "Siddharth Rao", "Meera Pillai",
                 "Karan Malhotra", "Divya Menon", "Aditya Banerjee", "Nisha Agarwal", "Manish Tiwari",
                 "Shreya Kulkarni", "Varun Chopra", "Pallavi Deshmukh"]

DEMO_PASSWORD = "medezy-demo"


def demo_phone(n: int) -> str:
    """Demo staff phones (they sign in with a code sent there): +91 97000 00NNN; patients are +91 98..."""
    return f"+919700000{n:03d}"
