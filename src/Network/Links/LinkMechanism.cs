namespace MigrationAspire.Network.Links;

/// <summary>What delays a link's packets: the kernel's netem where it is built, else the lab's delay line.</summary>
public enum LinkMechanism
{
    Netem,
    DelayLine,
}
